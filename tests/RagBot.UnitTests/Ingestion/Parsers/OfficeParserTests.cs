using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.ContentTypes;
using RagBot.Ingestion.Parsers;

namespace RagBot.UnitTests.Ingestion.Parsers;

public sealed class OfficeParserTests
{
    private readonly PptxParser _pptx = new(ParserTestKit.Options());
    private readonly XlsxParser _xlsx = new(ParserTestKit.Options());

    [Fact]
    public async Task A_deck_has_a_section_per_slide_with_its_title_number_and_notes()
    {
        var deck = OfficeSamples.Pptx(
            new OfficeSamples.SampleSlide("Roadmap 2027", ["Ship the mobile app in March", "Open the Berlin office"], "Stress the hiring plan."),
            new OfficeSamples.SampleSlide(null, ["A slide without a title"], Table: [["Region", "Target"], ["North", "120"]]));

        var document = await _pptx.ParseAsync(deck, "plan.pptx");

        var title = document.Section("Roadmap 2027");
        Assert.Equal((SectionKind.Heading, 1), (title.Kind, title.Page));
        var bullet = document.Section("Ship the mobile app in March");
        Assert.Equal(1, bullet.Page);
        Assert.Equal(["Roadmap 2027"], bullet.HeadingPath);
        Assert.Equal(1, document.Section("Speaker notes: Stress the hiring plan.").Page);
        Assert.Equal(2, document.Section("Slide 2").Page);
        var table = Assert.Single(document.Sections, s => s.Kind == SectionKind.Table);
        Assert.Equal("Region | Target\nNorth | 120", table.Text);
        Assert.Equal(["Slide 2"], table.HeadingPath);
    }

    [Fact]
    public async Task A_workbook_has_a_section_per_sheet_with_rows_named_by_the_header()
    {
        var book = OfficeSamples.Xlsx(
            ("Staff", [["Name", "Role", "Desk"], ["Ada", "Engineer", "12"], ["Grace", "", "14"]]),
            ("Empty", []),
            ("Rooms", [["Room", "Seats"]]));

        var document = await _xlsx.ParseAsync(book, "staff.xlsx");

        Assert.Equal(SectionKind.Heading, document.Section("Staff").Kind);
        var rows = Assert.Single(document.Sections, s => s.Kind == SectionKind.Table && s.HeadingPath.SequenceEqual(["Staff"]));
        Assert.Equal("Name: Ada; Role: Engineer; Desk: 12\nName: Grace; Desk: 14", rows.Text);
        Assert.Equal("Columns: Room; Seats", Assert.Single(document.Sections, s => s.HeadingPath.SequenceEqual(["Rooms"])).Text);
    }

    [Theory]
    [InlineData("deck.pptx")]
    [InlineData("book.xlsx")]
    public async Task Zip_bombs_are_refused_before_opening(string fileName)
    {
        var parser = fileName.EndsWith(".pptx", StringComparison.Ordinal) ? (IDocumentParser)_pptx : _xlsx;
        var bomb = Bomb("ppt/presentation.xml", "xl/workbook.xml");
        var small = new PptxParser(ParserTestKit.Options(o => o.MaxDocxUncompressedBytes = 1024 * 1024));
        var smallBook = new XlsxParser(ParserTestKit.Options(o => o.MaxDocxUncompressedBytes = 1024 * 1024));

        var ratio = await ParserTestKit.AssertRejectedAsync(parser.ParseAsync(bomb, fileName), RejectionReason.Unreadable);
        var size = await ParserTestKit.AssertRejectedAsync(
            (fileName.EndsWith(".pptx", StringComparison.Ordinal) ? (IDocumentParser)small : smallBook).ParseAsync(bomb, fileName), RejectionReason.Unreadable);

        Assert.Contains("zip bomb", ratio.Message, StringComparison.Ordinal);
        Assert.Contains("zip bomb", size.Message, StringComparison.Ordinal);
    }

    /// <summary>A package whose parts are 3 MB of zeros each, compressed about 1000:1.</summary>
    private static byte[] Bomb(params string[] parts)
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var part in parts)
            {
                using var entry = zip.CreateEntry(part, System.IO.Compression.CompressionLevel.SmallestSize).Open();
                entry.Write(new byte[3 * 1024 * 1024]);
            }
        }

        return stream.ToArray();
    }

    [Theory]
    [InlineData("deck.pptx")]
    [InlineData("book.xlsx")]
    public async Task The_detector_accepts_the_real_format_and_refuses_a_word_file_renamed(string fileName)
    {
        var detector = new ContentTypeDetector();
        var real = fileName.EndsWith(".pptx", StringComparison.Ordinal)
            ? OfficeSamples.Pptx(new OfficeSamples.SampleSlide("T", ["b"]))
            : OfficeSamples.Xlsx(("S", [["a"]]));

        var type = await detector.DetectAsync(fileName, new MemoryStream(real), TestContext.Current.CancellationToken);
        var rejected = await Assert.ThrowsAsync<IngestionRejectedException>(
            () => detector.DetectAsync(fileName, new MemoryStream(SampleDocuments.Docx()), TestContext.Current.CancellationToken));

        Assert.Equal(DocumentContentTypes.ByExtension[Path.GetExtension(fileName)], type);
        Assert.Equal(RejectionReason.UnsupportedType, rejected.Reason);
    }
}
