using RagBot.Core.Errors;
using RagBot.Ingestion.Parsers;

namespace RagBot.UnitTests.Ingestion.Parsers;

public sealed class JsonParserTests
{
    private readonly JsonParser _parser = new(ParserTestKit.Options());

    [Fact]
    public async Task Writes_one_section_per_top_level_property_with_path_lines()
    {
        var document = await _parser.ParseAsync(SampleDocuments.Json);

        Assert.Equal(
        [
            "service.name: ragbot\nservice.ports[0]: 8080\nservice.ports[1]: 8443\nservice.tls.enabled: true",
            "owners[0].name: Ada\nowners[0].email: null",
            "[\"a.b\"]: dotted key",
            "empty: {}",
        ], document.Texts());
        Assert.Equal(["service"], document.Sections[0].HeadingPath);
        Assert.Equal(["owners"], document.Sections[1].HeadingPath);
        Assert.Equal(["a.b"], document.Sections[2].HeadingPath);
    }

    [Fact]
    public async Task Writes_one_section_per_element_of_a_top_level_array()
    {
        var document = await _parser.ParseAsync("""[{"q": "Why?", "a": "Because."}, {"q": "How?", "a": "Like this."}, 3]""");

        Assert.Equal(["[0].q: Why?\n[0].a: Because.", "[1].q: How?\n[1].a: Like this.", "[2]: 3"], document.Texts());
        Assert.All(document.Sections, s => Assert.Empty(s.HeadingPath));
    }

    [Fact]
    public async Task Splits_a_large_property_into_sections_of_the_configured_size()
    {
        var parser = new JsonParser(ParserTestKit.Options(o => o.JsonLinesPerSection = 2));

        var document = await parser.ParseAsync("""{"list": [1, 2, 3, 4, 5]}""");

        Assert.Equal(["list[0]: 1\nlist[1]: 2", "list[2]: 3\nlist[3]: 4", "list[4]: 5"], document.Texts());
        Assert.All(document.Sections, s => Assert.Equal(["list"], s.HeadingPath));
    }

    [Fact]
    public async Task Accepts_comments_and_trailing_commas()
    {
        var document = await _parser.ParseAsync("{ // settings\n \"a\": 1, }");

        Assert.Equal(["a: 1"], document.Texts());
    }

    [Fact]
    public async Task Rejects_invalid_json_with_its_position()
    {
        var rejected = await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync("{\n \"a\": 1,\n \"b\": }"), RejectionReason.Unreadable);

        Assert.Contains("not valid JSON at line 3", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_json_nested_deeper_than_the_limit()
    {
        var deep = new string('[', 500) + new string(']', 500);

        await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync(deep), RejectionReason.Unreadable);
    }
}
