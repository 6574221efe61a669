using RagBot.Core.Documents;
using RagBot.Core.Text;

namespace RagBot.UnitTests.Ingestion.Parsers;

/// <summary>
/// No parser may join a heading, list item or table cell to the prose after it: the answerer quotes sentences, and a
/// sentence "Commissioning Before the first start ..." is wrong. Checked on the sentences the answerer would see.
/// </summary>
public sealed class NoGluedSentencesTests
{
    public static TheoryData<string> Formats => ["md", "html", "txt", "docx", "pdf", "pptx", "xlsx", "csv"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Headings_list_items_and_cells_never_share_a_sentence_with_the_following_prose(string format)
    {
        var (bytes, pairs) = Sample(format);
        var parser = Assert.Single(ParserTestKit.AllParsers(), p => p.ContentTypes.Contains(
            RagBot.Ingestion.ContentTypes.DocumentContentTypes.ByExtension["." + format]));

        var document = await parser.ParseAsync(bytes, "sample." + format);

        var sentences = document.Sections.Where(s => s.Kind != SectionKind.Heading).SelectMany(s => SentenceSplitter.Split(s.Text)).ToList();
        foreach (var (before, after) in pairs)
        {
            Assert.Contains(sentences, s => s.Contains(after, StringComparison.Ordinal));
            Assert.DoesNotContain(sentences, s => s.Contains(before, StringComparison.Ordinal) && s.Contains(after, StringComparison.Ordinal));
        }
    }

    private static (byte[] Bytes, (string Before, string After)[] Pairs) Sample(string format) => format switch
    {
        "md" => (SampleDocuments.Utf8("# Commissioning\nBefore the first start, prime the pump.\n\n- Prime the housing\n\nOpen the inlet valve slowly.\n\n| Flow rate | 4 |\n|---|---|\n| high | low |\nAfter the table comes prose.\n"),
            [("Commissioning", "Before the first start"), ("Prime the housing", "Open the inlet"), ("low", "After the table")]),
        "html" => (SampleDocuments.Utf8("<h2>Commissioning</h2>Before the first start, prime the pump.<ul><li>Prime the housing</li></ul>Open the inlet valve slowly.<table><tr><td>Flow rate</td></tr></table>After the table comes prose."),
            [("Commissioning", "Before the first start"), ("Prime the housing", "Open the inlet"), ("Flow rate", "After the table")]),
        "txt" => (SampleDocuments.Utf8("Commissioning\nBefore the first start, prime the pump.\n- Prime the housing\nOpen the inlet valve slowly."),
            [("Commissioning", "Before the first start"), ("Prime the housing", "Open the inlet")]),
        "docx" => (SampleDocuments.Docx(),
            [("Leave", "Everyone gets"), ("Call your manager", "Send the doctor"), ("Send the doctor", "Return equipment"), ("1500 EUR", "Return equipment")]),
        "pdf" => (OfficeSamples.ManualPdf(), [("Commissioning", "Before the first start"), ("Introduction", "This manual")]),
        "pptx" => (OfficeSamples.Pptx(new OfficeSamples.SampleSlide("Commissioning", ["Prime the housing", "Open the inlet valve slowly."], "Mention the valve.", [["Flow rate", "4"]])),
            [("Commissioning", "Prime the housing"), ("Prime the housing", "Open the inlet"), ("Flow rate", "Mention the valve")]),
        "xlsx" => (OfficeSamples.Xlsx(("Pumps", [["Model", "Flow rate"], ["Aquaflow", "4"], ["Brook", "6"]])),
            [("Pumps", "Model: Aquaflow"), ("Model: Aquaflow", "Model: Brook")]),
        _ => (SampleDocuments.Utf8("Model,Flow rate\nAquaflow,4\nBrook,6\n"), [("Model: Aquaflow", "Model: Brook")]),
    };
}
