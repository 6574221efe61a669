using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.Parsers;

namespace RagBot.UnitTests.Ingestion.Parsers;

public sealed class HtmlParserTests
{
    private readonly HtmlParser _parser = new();

    [Fact]
    public async Task Extracts_the_content_with_headings_lists_tables_and_code()
    {
        var document = await _parser.ParseAsync(SampleDocuments.Html);

        Assert.Equal(
        [
            "Getting started",
            "RagBot answers questions about your documents.",
            "Install",
            "1. Download it",
            "2. Run it",
            "- on Linux",
            "Setting | Default\nChunkSize | 512",
            "dotnet run\n  --project src",
            "Configure",
            "Loose text in a div with a span",
        ], document.Texts());

        Assert.Equal(SectionKind.Heading, document.Section("Install").Kind);
        Assert.Equal(["Getting started"], document.Section("Install").HeadingPath);
        Assert.Equal(SectionKind.ListItem, document.Section("2. Run it").Kind);
        Assert.Equal(SectionKind.Table, document.Section("Setting | Default\nChunkSize | 512").Kind);
        Assert.Equal(SectionKind.Code, document.Sections[7].Kind);
        Assert.Equal(["Getting started", "Configure"], document.Section("Loose text in a div with a span").HeadingPath);
    }

    [Theory]
    [InlineData("pixel")]
    [InlineData("alert")]
    [InlineData("color")]
    [InlineData("Home")]
    [InlineData("Menu")]
    [InlineData("Related posts")]
    [InlineData("Enable JavaScript")]
    [InlineData("Hidden text")]
    [InlineData("Breadcrumbs")]
    [InlineData("Copyright")]
    [InlineData("Docs")]
    public async Task Drops_scripts_styles_and_page_chrome(string junk)
    {
        var document = await _parser.ParseAsync(SampleDocuments.Html);

        Assert.DoesNotContain(junk, document.ExtractedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeps_a_header_that_introduces_an_article()
    {
        var document = await _parser.ParseAsync("<article><header><h1>Post title</h1></header><p>Body</p></article>");

        Assert.Equal(["Post title", "Body"], document.Texts());
        Assert.Equal(["Post title"], document.Section("Body").HeadingPath);
    }

    [Fact]
    public async Task Reads_a_layout_table_as_content_rather_than_rows()
    {
        var html = "<table><tr><td><h1>Site</h1><p>Welcome text</p></td><td><h2>News</h2><p>Item one</p></td></tr></table>";

        var document = await _parser.ParseAsync(html);

        Assert.Equal(["Site", "Welcome text", "News", "Item one"], document.Texts());
        Assert.Equal(["Site", "News"], document.Section("Item one").HeadingPath);
    }

    [Fact]
    public async Task Parses_deep_but_plausible_nesting()
    {
        var html = string.Concat(Enumerable.Repeat("<div><span>", 400)) + "deep text";

        var document = await _parser.ParseAsync(html);

        Assert.Contains("deep text", document.ExtractedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_absurdly_deep_nesting_before_building_the_tree()
    {
        var html = "<!-- <div> --><p>" + string.Concat(Enumerable.Repeat("<div>", 5_000)) + "deep text";

        var rejected = await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync(html), RejectionReason.Unreadable);

        Assert.Contains("levels deep", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_not_count_elements_that_close_themselves_as_nesting()
    {
        var html = "<ul>" + string.Concat(Enumerable.Repeat("<li>item<br><p>para", 3_000)) + "</ul><script>" + new string('<', 5000) + "</script>";

        var document = await _parser.ParseAsync(html);

        Assert.Equal(3_000, document.Sections.Count(s => s.Kind == SectionKind.ListItem));
    }
}
