using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.Parsers;

namespace RagBot.UnitTests.Ingestion.Parsers;

public sealed class MarkdownParserTests
{
    private readonly MarkdownParser _parser = new();

    [Fact]
    public async Task Builds_heading_paths_and_section_kinds()
    {
        var document = await _parser.ParseAsync(SampleDocuments.Markdown);

        var guide = document.Section("Guide");
        Assert.Equal(SectionKind.Heading, guide.Kind);
        Assert.Empty(guide.HeadingPath);
        Assert.Equal(["Guide"], document.Section("Setup").HeadingPath);

        string[] setup = ["Guide", "Setup"];
        Assert.Equal(setup, document.Section("- First step").HeadingPath);
        Assert.Equal(SectionKind.ListItem, document.Section("- Second step").Kind);
        Assert.Equal(SectionKind.ListItem, document.Section("- Nested step").Kind);
        Assert.Equal(SectionKind.ListItem, document.Section("1. Numbered").Kind);

        var table = document.Section("Name | Value\nsize | 512");
        Assert.Equal(SectionKind.Table, table.Kind);
        Assert.Equal(setup, table.HeadingPath);

        Assert.Equal(SectionKind.Code, document.Section("dotnet build\ndotnet test").Kind);
        Assert.Equal(setup, document.Section("Deep").HeadingPath);
        Assert.Equal(["Guide", "Setup", "Deep"], document.Section("Quoted text").HeadingPath);
    }

    [Fact]
    public async Task Keeps_link_text_and_drops_images_html_and_front_matter()
    {
        var document = await _parser.ParseAsync(SampleDocuments.Markdown);

        var intro = Assert.Single(document.Sections, s => s.Text.StartsWith("Intro", StringComparison.Ordinal));
        Assert.Equal("Intro with a link text and and inline html.", intro.Text);
        var all = document.ExtractedText;
        Assert.DoesNotContain("example.com", all, StringComparison.Ordinal);
        Assert.DoesNotContain("pic.png", all, StringComparison.Ordinal);
        Assert.DoesNotContain("an image", all, StringComparison.Ordinal);
        Assert.DoesNotContain("raw html block", all, StringComparison.Ordinal);
        Assert.DoesNotContain("front matter", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_heading_closes_deeper_headings()
    {
        var document = await _parser.ParseAsync("# A\n## B\n### C\n## D\ntext under D\n# E\ntext under E");

        Assert.Equal(["A", "D"], document.Section("text under D").HeadingPath);
        Assert.Equal(["E"], document.Section("text under E").HeadingPath);
        Assert.Equal(["A"], document.Section("D").HeadingPath);
    }

    [Theory]
    [InlineData(">")]
    [InlineData("- ")]
    [InlineData("[")]
    [InlineData("*")]
    public async Task Absurdly_deep_nesting_is_parsed_or_cleanly_rejected(string opener)
    {
        var markdown = string.Concat(Enumerable.Repeat(opener, 20_000)) + "deep text";

        try
        {
            var document = await _parser.ParseAsync(markdown);
            Assert.Contains("deep text", document.ExtractedText, StringComparison.Ordinal);
        }
        catch (IngestionRejectedException rejected)
        {
            Assert.Equal(RejectionReason.Unreadable, rejected.Reason);
            Assert.Contains("nest", rejected.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_long_horizontal_rule_is_not_mistaken_for_deep_nesting()
    {
        var markdown = "Above\n\n" + string.Concat(Enumerable.Repeat("- ", 200)) + "\n\nBelow";

        var document = await _parser.ParseAsync(markdown);

        Assert.Equal(["Above", "Below"], document.Texts());
    }

    [Fact]
    public async Task A_run_of_link_openers_reads_as_text()
    {
        var markdown = "Start " + string.Concat(Enumerable.Repeat("[x](", 5_000)) + " [real link](https://example.com) end";

        var document = await _parser.ParseAsync(markdown);

        var text = Assert.Single(document.Sections).Text;
        Assert.StartsWith("Start [x] ([x] (", text, StringComparison.Ordinal);
        Assert.EndsWith(" real link end", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paragraph_full_of_unmatched_brackets_reads_as_text()
    {
        var markdown = "Intro\n\n" + string.Concat(Enumerable.Repeat("![[]()", 2_000)) + "\n\n[a link](https://example.com) stays a link";

        var document = await _parser.ParseAsync(markdown);

        Assert.Equal(3, document.Sections.Count);
        Assert.StartsWith("![[] ()![[] ()", document.Sections[1].Text, StringComparison.Ordinal);
        Assert.Equal("a link stays a link", document.Sections[2].Text);
    }

    [Fact]
    public async Task Ordinary_nested_lists_and_quotes_are_kept()
    {
        var document = await _parser.ParseAsync("> - quoted item\n>   1. numbered inside\n\n> > double quote");

        Assert.Equal(["- quoted item", "1. numbered inside", "double quote"], document.Texts());
    }

    [Fact]
    public async Task A_large_file_parsed_in_segments_keeps_heading_paths_code_blocks_and_every_paragraph()
    {
        // Over 2 MB the parser cuts the text before top-level headings and parses one piece at a time: headings must
        // carry across the cuts, a "# line" inside a fenced code block must not be taken for a cut, nothing may be lost.
        var text = new System.Text.StringBuilder("# Manual\n\n");
        var paragraphs = 0;
        for (var chapter = 0; text.Length < 3_500_000; chapter++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"## Chapter {chapter}\n\n");
            for (var p = 0; p < 40; p++, paragraphs++)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Paragraph {paragraphs} of chapter {chapter} says something worth indexing about the harbor.\n\n");
            }

            text.Append("```\n# not a heading\nrun --fast\n```\n\n<!-- draft\n# Hidden heading\n-->\n\n");
            if (chapter % 50 == 49)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"# Volume {chapter / 50}\n\n");
            }
        }

        var document = await _parser.ParseAsync(text.ToString());

        var paragraphSections = document.Sections.Where(s => s.Kind == SectionKind.Paragraph).ToList();
        Assert.Equal(paragraphs, paragraphSections.Count);
        Assert.DoesNotContain(document.Sections, s => s.Kind == SectionKind.Heading && s.Text == "not a heading");
        Assert.DoesNotContain(document.Sections, s => s.Text.Contains("Hidden heading", StringComparison.Ordinal));
        Assert.All(document.Sections.Where(s => s.Kind == SectionKind.Code), s => Assert.Equal("# not a heading\nrun --fast", s.Text));
        var last = paragraphSections[^1];
        var lastVolume = document.Sections.Last(s => s.Kind == SectionKind.Heading && s.HeadingPath.Count == 0).Text;
        Assert.Equal(lastVolume, last.HeadingPath[0]);
        Assert.StartsWith("Chapter ", last.HeadingPath[1], StringComparison.Ordinal);
        Assert.Equal(["Manual", "Chapter 10"], paragraphSections.First(s => s.Text.Contains("of chapter 10 ", StringComparison.Ordinal)).HeadingPath);
    }
}
