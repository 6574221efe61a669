using System.Text;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.Parsers;

namespace RagBot.UnitTests.Ingestion.Parsers;

public sealed class PlainTextParserTests
{
    private readonly PlainTextParser _parser = new();

    [Fact]
    public async Task Splits_paragraphs_on_blank_lines_and_keeps_line_breaks_inside_them()
    {
        var document = await _parser.ParseAsync(SampleDocuments.Text);

        Assert.Equal(
            ["First paragraph line one.\nLine two of it.", "Second paragraph.", "Third", "Fourth after page break."],
            document.Texts());
        Assert.All(document.Sections, s =>
        {
            Assert.Equal(SectionKind.Paragraph, s.Kind);
            Assert.Equal(0, s.Page);
            Assert.Empty(s.HeadingPath);
        });
    }

    [Fact]
    public async Task Strips_a_utf8_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Grüße aus Köln")).ToArray();

        var document = await _parser.ParseAsync(bytes);

        Assert.Equal(["Grüße aus Köln"], document.Texts());
    }

    [Fact]
    public async Task Decodes_utf16_when_a_byte_order_mark_says_so()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Héllo\n\nWörld")).ToArray();

        var document = await _parser.ParseAsync(bytes);

        Assert.Equal(["Héllo", "Wörld"], document.Texts());
    }

    [Fact]
    public async Task Rejects_text_that_is_not_utf8_with_a_readable_reason()
    {
        var latin1 = Encoding.Latin1.GetBytes("Caf\u00e9 cr\u00e8me");

        var rejected = await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync(latin1), RejectionReason.Unreadable);

        Assert.Contains("UTF-8", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("byte 3", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_binary_content_named_as_text()
    {
        byte[] binary = [0x41, 0x42, 0x00, 0x00, 0x01, 0x43];

        var rejected = await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync(binary), RejectionReason.Unreadable);

        Assert.Contains("NUL", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_text_full_of_control_characters()
    {
        var noisy = Encoding.UTF8.GetBytes(new string('\u0001', 40) + "abc");

        await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync(noisy), RejectionReason.Unreadable);
    }

    [Fact]
    public async Task Returns_no_sections_for_whitespace_only_text()
    {
        var document = await _parser.ParseAsync(" \r\n\t\n");

        Assert.Empty(document.Sections);
    }
}
