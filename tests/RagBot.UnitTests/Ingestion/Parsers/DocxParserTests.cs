using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.Parsers;

namespace RagBot.UnitTests.Ingestion.Parsers;

public sealed class DocxParserTests
{
    private readonly DocxParser _parser = new(ParserTestKit.Options());

    [Fact]
    public async Task Reads_headings_from_styles_lists_and_tables()
    {
        var document = await _parser.ParseAsync(SampleDocuments.Docx());

        Assert.Equal(
        [
            "Employee Handbook",
            "Leave",
            "Everyone gets twenty-five days of paid leave.",
            "Sick leave",
            "Report sickness before nine o'clock.",
            "- Call your manager",
            "- Send the doctor's note within three days",
            "Equipment",
            "Item | Budget\nLaptop | 1500 EUR\nChair | 400 EUR",
            "Return equipment when you leave.",
        ], document.Texts());

        Assert.Equal(SectionKind.Heading, document.Section("Employee Handbook").Kind);
        Assert.Equal(["Employee Handbook"], document.Section("Leave").HeadingPath);
        Assert.Equal(SectionKind.Heading, document.Section("Sick leave").Kind);
        Assert.Equal(["Employee Handbook", "Leave"], document.Section("Sick leave").HeadingPath);
        var listItem = document.Section("- Call your manager");
        Assert.Equal(SectionKind.ListItem, listItem.Kind);
        Assert.Equal(["Employee Handbook", "Leave", "Sick leave"], listItem.HeadingPath);
        var table = document.Section("Item | Budget\nLaptop | 1500 EUR\nChair | 400 EUR");
        Assert.Equal(SectionKind.Table, table.Kind);
        Assert.Equal(["Employee Handbook", "Equipment"], table.HeadingPath);
        Assert.All(document.Sections, s => Assert.Equal(0, s.Page));
    }

    [Fact]
    public async Task Reads_a_text_box_once_although_word_stores_it_twice()
    {
        var docx = SampleDocuments.DocxWithBody(
            new Paragraph(new Run(new AlternateContent(
                new AlternateContentChoice(new TextBoxContent(new Paragraph(new Run(new Text("Boxed note"))))) { Requires = "wps" },
                new AlternateContentFallback(new TextBoxContent(new Paragraph(new Run(new Text("Boxed note")))))))),
            new Table(new TableRow(new TableCell(
                new Paragraph(new Run(new Text("outer"))),
                new Table(new TableRow(new TableCell(new Paragraph(new Run(new Text("inner")))))))))
        );

        var document = await _parser.ParseAsync(docx);

        Assert.Equal(["Boxed note", "outer inner"], document.Texts());
    }

    [Fact]
    public async Task Rejects_a_corrupt_docx_as_unreadable()
    {
        var docx = SampleDocuments.Docx();
        var corrupt = docx[..(docx.Length / 2)];

        var rejected = await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync(corrupt), RejectionReason.Unreadable);

        Assert.Contains("DOCX", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_a_zip_that_is_not_a_word_document()
    {
        var zip = ZipBombs.Zip(("readme.txt", "hello"u8.ToArray()));

        await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync(zip), RejectionReason.Unreadable);
    }

    [Fact]
    public async Task Rejects_a_part_compressed_like_a_zip_bomb_before_opening_it()
    {
        var bomb = ZipBombs.DocxWithPart("word/media/blob.bin", new byte[64 * 1024 * 1024], CompressionLevel.SmallestSize);

        var rejected = await ParserTestKit.AssertRejectedAsync(_parser.ParseAsync(bomb), RejectionReason.Unreadable);

        Assert.Contains("zip bomb", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("MaxDocxCompressionRatio", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_a_package_that_unpacks_past_the_size_cap()
    {
        var parser = new DocxParser(ParserTestKit.Options(o => o.MaxDocxUncompressedBytes = 1024 * 1024));
        var incompressible = new byte[2 * 1024 * 1024];
        new Random(7).NextBytes(incompressible);
        var large = ZipBombs.DocxWithPart("word/media/photo.bin", incompressible, CompressionLevel.NoCompression);

        var rejected = await ParserTestKit.AssertRejectedAsync(parser.ParseAsync(large), RejectionReason.Unreadable);

        Assert.Contains("MaxDocxUncompressedBytes", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_that_understates_a_part_size_cannot_inflate_past_it()
    {
        // The size guard trusts declared sizes because the runtime stops inflating at them; this pins that.
        var bomb = ZipBombs.DocxWithPart("word/media/blob.bin", new byte[4 * 1024 * 1024]);
        var lying = ZipBombs.UnderstateUncompressedSize(bomb, "word/media/blob.bin", 1000);
        using var zip = new ZipArchive(new MemoryStream(lying), ZipArchiveMode.Read);
        await using var part = zip.GetEntry("word/media/blob.bin")!.Open();
        using var inflated = new MemoryStream();

        await part.CopyToAsync(inflated, TestContext.Current.CancellationToken);

        Assert.Equal(1000, inflated.Length);
        var document = await _parser.ParseAsync(lying);
        Assert.Contains("Return equipment when you leave.", document.Texts());
    }

    [Fact]
    public async Task Reads_a_valid_docx_with_a_large_but_honest_part()
    {
        var incompressible = new byte[512 * 1024];
        new Random(3).NextBytes(incompressible);
        var docx = ZipBombs.DocxWithPart("word/media/photo.bin", incompressible);

        var document = await _parser.ParseAsync(docx);

        Assert.Contains("Return equipment when you leave.", document.Texts());
    }
}
