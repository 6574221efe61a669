using System.Text;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.Parsers;

namespace RagBot.UnitTests.Ingestion.Parsers;

public sealed class PdfParserTests
{
    private readonly PdfParser _parser = new();

    [Fact]
    public async Task Reads_text_in_order_with_pages()
    {
        var document = await _parser.ParseAsync(SampleDocuments.Pdf());

        var text = document.ExtractedText;
        Assert.True(
            text.IndexOf("Quarterly Report", StringComparison.Ordinal) < text.IndexOf("Revenue grew", StringComparison.Ordinal)
            && text.IndexOf("Revenue grew", StringComparison.Ordinal) < text.IndexOf("Costs stayed flat", StringComparison.Ordinal)
            && text.IndexOf("Costs stayed flat", StringComparison.Ordinal) < text.IndexOf("Outlook", StringComparison.Ordinal),
            text);

        Assert.All(document.Sections.Where(s => !s.Text.Contains("Outlook", StringComparison.Ordinal) && !s.Text.Contains("board", StringComparison.Ordinal)),
            s => Assert.Equal(1, s.Page));
        Assert.Equal(2, Assert.Single(document.Sections, s => s.Text.Contains("steady demand", StringComparison.Ordinal)).Page);
    }

    [Fact]
    public async Task Treats_large_short_lines_as_headings()
    {
        var document = await _parser.ParseAsync(SampleDocuments.Pdf());

        var title = document.Section("Quarterly Report");
        Assert.Equal(SectionKind.Heading, title.Kind);
        Assert.Equal(1, title.Page);
        var outlook = document.Section("Outlook");
        Assert.Equal(SectionKind.Heading, outlook.Kind);
        Assert.Equal(2, outlook.Page);

        var revenue = Assert.Single(document.Sections, s => s.Text.Contains("Revenue grew", StringComparison.Ordinal));
        Assert.Equal(SectionKind.Paragraph, revenue.Kind);
        Assert.Equal(["Quarterly Report"], revenue.HeadingPath);
        Assert.Equal(["Outlook"], Assert.Single(document.Sections, s => s.Text.Contains("steady demand", StringComparison.Ordinal)).HeadingPath);
    }

    [Fact]
    public async Task Rejects_a_corrupt_pdf_as_unreadable()
    {
        var corrupt = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF");

        var rejected = await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync(corrupt), RejectionReason.Unreadable);

        Assert.Contains("PDF", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_bytes_that_are_not_a_pdf_at_all()
    {
        await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync("just some words"), RejectionReason.Unreadable);
    }
}
