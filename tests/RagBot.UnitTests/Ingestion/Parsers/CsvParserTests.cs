using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.Parsers;

namespace RagBot.UnitTests.Ingestion.Parsers;

public sealed class CsvParserTests
{
    private readonly CsvParser _parser = new(ParserTestKit.Options(o => o.CsvRowsPerSection = 20));

    [Fact]
    public async Task Writes_rows_as_header_value_lines_in_batches()
    {
        var document = await _parser.ParseAsync(SampleDocuments.Csv(45));

        Assert.Equal(3, document.Sections.Count);
        Assert.All(document.Sections, s => Assert.Equal(SectionKind.Table, s.Kind));
        var firstRows = document.Sections[0].Text.Split('\n');
        Assert.Equal(20, firstRows.Length);
        Assert.Equal("Name: Smith, Ada; City: London; Note: Said \"hello\" then left", firstRows[0]);
        Assert.Equal("Name: Person 2; City: Town 2; Note: Note 2", firstRows[1]);
        Assert.Equal(5, document.Sections[2].Text.Split('\n').Length);
        Assert.Equal("Name: Person 45; City: Town 45; Note: Note 45", document.Sections[2].Text.Split('\n')[^1]);
    }

    [Fact]
    public async Task Detects_semicolon_and_tab_delimiters()
    {
        var semicolons = await _parser.ParseAsync("Produkt;Preis\nKaffee;\"3,50\"\n");
        var tabs = await _parser.ParseAsync("a\tb\n1\t2");

        Assert.Equal(["Produkt: Kaffee; Preis: 3,50"], semicolons.Texts());
        Assert.Equal(["a: 1; b: 2"], tabs.Texts());
    }

    [Fact]
    public async Task Names_missing_headers_and_skips_empty_values_and_blank_lines()
    {
        var document = await _parser.ParseAsync("id,,name\n\n1,x,Ada,extra\n2,,\n");

        Assert.Equal(["id: 1; Column 2: x; name: Ada; Column 4: extra\nid: 2"], document.Texts());
    }

    [Fact]
    public async Task A_header_without_rows_still_says_what_the_columns_are()
    {
        var document = await _parser.ParseAsync("id,name\n");

        Assert.Equal(["Columns: id; name"], document.Texts());
    }

    [Fact]
    public async Task Rejects_an_unterminated_quoted_field_with_its_line()
    {
        var rejected = await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync("a,b\n1,2\n3,\"open"), RejectionReason.Unreadable);

        Assert.Contains("line 3", rejected.Message, StringComparison.Ordinal);
    }
}
