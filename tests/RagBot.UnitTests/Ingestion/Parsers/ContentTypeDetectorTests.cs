using System.Text;
using RagBot.Core.Errors;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.UnitTests.Ingestion.Parsers;

public sealed class ContentTypeDetectorTests
{
    private readonly ContentTypeDetector _detector = new();

    public static TheoryData<string, string> TextFiles => new()
    {
        { "notes.txt", DocumentContentTypes.PlainText },
        { "README.MD", DocumentContentTypes.Markdown },
        { "guide.markdown", DocumentContentTypes.Markdown },
        { "page.html", DocumentContentTypes.Html },
        { "page.htm", DocumentContentTypes.Html },
        { "data.csv", DocumentContentTypes.Csv },
        { "data.json", DocumentContentTypes.Json },
        { "../../etc/passwd.md", DocumentContentTypes.Markdown },
        { "C:\\Users\\x\\file.txt", DocumentContentTypes.PlainText },
    };

    [Theory]
    [MemberData(nameof(TextFiles))]
    public void Maps_extensions_of_text_files(string fileName, string expected)
    {
        Assert.Equal(expected, _detector.Detect(fileName, "hello, wörld"u8));
    }

    [Fact]
    public async Task Recognises_pdf_and_docx_by_their_bytes()
    {
        var token = TestContext.Current.CancellationToken;
        Assert.Equal(DocumentContentTypes.Pdf, _detector.Detect("report.pdf", SampleDocuments.Pdf()));
        Assert.Equal(DocumentContentTypes.Docx, _detector.Detect("handbook.docx", SampleDocuments.Docx()));

        using var docx = new MemoryStream(SampleDocuments.Docx());
        docx.Position = 0;
        Assert.Equal(DocumentContentTypes.Docx, await _detector.DetectAsync("handbook.docx", docx, token));
        Assert.Equal(0, docx.Position);
    }

    [Theory]
    [InlineData("virus.exe", "'.exe' files are not supported")]
    [InlineData("archive.tar.gz", "'.gz' files are not supported")]
    [InlineData("Makefile", "has no file extension")]
    [InlineData("trailing.", "has no file extension")]
    public void Rejects_unknown_extensions_naming_them(string fileName, string expected)
    {
        var rejected = Assert.Throws<IngestionRejectedException>(() => _detector.Detect(fileName, "text"u8));

        Assert.Equal(RejectionReason.UnsupportedType, rejected.Reason);
        Assert.Contains(expected, rejected.Message, StringComparison.Ordinal);
        Assert.Contains(".docx", rejected.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> Mismatches => new()
    {
        { "report.txt", SampleDocuments.Pdf(), "a PDF document" },
        { "report.pdf", SampleDocuments.Docx(), "a ZIP archive" },
        { "report.pdf", Encoding.UTF8.GetBytes("plain words"), "plain text" },
        { "report.docx", SampleDocuments.Pdf(), "a PDF document" },
        { "report.docx", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "old binary Office file" },
        { "notes.md", [0x41, 0x00, 0x42, 0x00], "NUL bytes" },
        { "data.csv", [0x61, 0x2C, 0xE9, 0x2C, 0x62], "not valid UTF-8" },
        { "page.html", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A], "a PNG image" },
        { "data.json", SampleDocuments.Docx(), "a ZIP archive" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void Rejects_bytes_that_do_not_match_the_name_saying_what_they_look_like(string fileName, byte[] bytes, string looksLike)
    {
        var rejected = Assert.Throws<IngestionRejectedException>(() => _detector.Detect(fileName, bytes, isWholeFile: true));

        Assert.Equal(RejectionReason.UnsupportedType, rejected.Reason);
        Assert.Contains(looksLike, rejected.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetExtension(fileName), rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_a_zip_named_docx_that_holds_no_word_document()
    {
        using var zip = new MemoryStream(ZipBombs.Zip(("readme.txt", "hello"u8.ToArray())));

        var rejected = await Assert.ThrowsAsync<IngestionRejectedException>(
            () => _detector.DetectAsync("fake.docx", zip, TestContext.Current.CancellationToken));

        Assert.Equal(RejectionReason.UnsupportedType, rejected.Reason);
        Assert.Contains("word/document.xml", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_empty_file_as_empty()
    {
        var rejected = Assert.Throws<IngestionRejectedException>(() => _detector.Detect("empty.txt", []));

        Assert.Equal(RejectionReason.Empty, rejected.Reason);
    }

    [Fact]
    public void Accepts_utf16_text_with_a_byte_order_mark()
    {
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("hello")).ToArray();

        Assert.Equal(DocumentContentTypes.PlainText, _detector.Detect("notes.txt", utf16, isWholeFile: true));
    }

    [Fact]
    public void Accepts_a_character_cut_in_half_by_the_sniff_window_but_not_at_the_end_of_the_file()
    {
        var head = Encoding.UTF8.GetBytes(new string('a', ContentTypeDetector.SniffLength - 1) + "é");

        Assert.Equal(DocumentContentTypes.PlainText, _detector.Detect("long.txt", head));
        var truncated = Encoding.UTF8.GetBytes("café")[..^1];
        Assert.Throws<IngestionRejectedException>(() => _detector.Detect("short.txt", truncated, isWholeFile: true));
    }

    [Fact]
    public void Accepts_a_pdf_header_after_leading_junk_within_the_first_kilobyte()
    {
        var bytes = Encoding.ASCII.GetBytes(new string(' ', 500) + "%PDF-1.4\n");

        Assert.Equal(DocumentContentTypes.Pdf, _detector.Detect("scan.pdf", bytes));
    }

    [Fact]
    public void Keeps_control_characters_of_a_hostile_file_name_out_of_the_message()
    {
        var rejected = Assert.Throws<IngestionRejectedException>(() => _detector.Detect("evil\r\nname.exe", "x"u8));

        Assert.DoesNotContain("\n", rejected.Message, StringComparison.Ordinal);
    }
}
