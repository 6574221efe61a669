using RagBot.Core.Documents;
using RagBot.Ingestion.Parsers;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Outline;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Writer;

namespace RagBot.UnitTests.Ingestion.Parsers;

/// <summary>The PDF parser's layout work: headings, heading paths, running text, columns and scanned pages.</summary>
public sealed class PdfStructureTests
{
    private readonly PdfParser _parser = new();

    [Fact]
    public async Task Bold_headings_at_body_size_build_heading_paths_on_their_pages()
    {
        var document = await _parser.ParseAsync(OfficeSamples.ManualPdf());

        var commissioning = document.Section("Commissioning");
        Assert.Equal(SectionKind.Heading, commissioning.Kind);
        var prime = Assert.Single(document.Sections, s => s.Text.Contains("prime the pump housing", StringComparison.Ordinal));
        Assert.Equal(SectionKind.Paragraph, prime.Kind);
        Assert.Equal(2, prime.Page);
        Assert.Equal(["Commissioning"], prime.HeadingPath);
        var storage = Assert.Single(document.Sections, s => s.Text.Contains("frost-free room", StringComparison.Ordinal));
        Assert.Equal(5, storage.Page);
        Assert.Equal(["Storage"], storage.HeadingPath);
    }

    [Fact]
    public async Task Running_headers_and_page_numbers_are_dropped()
    {
        var document = await _parser.ParseAsync(OfficeSamples.ManualPdf());

        Assert.DoesNotContain(document.Sections, s => s.Text.Contains("Aquaflow Service Manual", StringComparison.Ordinal));
        Assert.DoesNotContain(document.Sections, s => s.Text.Contains(" of 5", StringComparison.Ordinal));
        Assert.Contains(document.Sections, s => s.Text.Contains("Aquaflow pump", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_two_column_page_is_read_left_column_first()
    {
        var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddText("A Report Set In Two Columns Across The Page", 18, new PdfPoint(60, 780), bold);
        string[] left = ["The left column opens here", "and continues on this line", "until it ends right here."];
        string[] right = ["The right column starts now", "and carries on below that", "to its very last words."];
        for (var i = 0; i < 3; i++)
        {
            page.AddText(left[i], 11, new PdfPoint(50, 700 - (14 * i)), regular);
            page.AddText(right[i], 11, new PdfPoint(330, 700 - (14 * i)), regular);
        }

        var text = (await _parser.ParseAsync(builder.Build())).ExtractedText;

        var order = new[] { "A Report Set", "The left column opens", "until it ends", "The right column starts", "to its very last" }
            .Select(s => text.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public async Task Outline_entries_become_headings_even_in_body_type()
    {
        var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddText("Scope of delivery", 11, new PdfPoint(60, 740), regular);
        page.AddText("The box holds the pump, two hoses and this manual.", 11, new PdfPoint(60, 700), regular);
        page.AddText("Keep the receipt with the manual for the warranty.", 11, new PdfPoint(60, 686), regular);
        builder.Bookmarks = new Bookmarks(
            [new DocumentBookmarkNode("Scope of delivery", 0, new ExplicitDestination(1, ExplicitDestinationType.FitPage, ExplicitDestinationCoordinates.Empty), [])]);

        var document = await _parser.ParseAsync(builder.Build());

        Assert.Equal(SectionKind.Heading, document.Section("Scope of delivery").Kind);
        Assert.Equal(["Scope of delivery"], Assert.Single(document.Sections, s => s.Text.Contains("two hoses", StringComparison.Ordinal)).HeadingPath);
    }

    [Fact]
    public async Task A_page_with_only_an_image_is_reported_as_having_no_text_layer()
    {
        var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("The first page has real text on it.", 11, new PdfPoint(60, 700), regular);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddPng(OnePixelPng, new PdfRectangle(0, 0, 595, 842));

        var document = await _parser.ParseAsync(builder.Build());

        var warning = Assert.Single(document.Warnings);
        Assert.Contains("Page 2", warning, StringComparison.Ordinal);
        Assert.Contains("no text layer", warning, StringComparison.Ordinal);
        Assert.Contains(document.Sections, s => s.Text.Contains("real text", StringComparison.Ordinal));
    }

    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}
