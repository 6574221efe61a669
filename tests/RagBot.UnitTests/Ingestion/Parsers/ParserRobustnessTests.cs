using CsCheck;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.UnitTests.Ingestion.Parsers;

/// <summary>
/// Every parser, fed random and mutated bytes, ends with a parsed document or an IngestionRejectedException:
/// never another exception, never a hang. Set RAGBOT_FUZZ_ITERATIONS for a longer run than the default.
/// </summary>
public sealed class ParserRobustnessTests
{
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("RAGBOT_FUZZ_ITERATIONS"), out var configured) && configured > 0 ? configured : 150;
    // A hang guard, not a speed goal: the slowest input parses in well under a second on a quiet machine, but on a
    // shared 2-core host at load average 40+ a 5 s limit tripped on healthy code.
    private static readonly TimeSpan ParseTimeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string> FileNames => ["notes.txt", "guide.md", "page.html", "report.pdf", "handbook.docx", "deck.pptx", "book.xlsx", "people.csv", "config.json"];

    [Theory]
    [MemberData(nameof(FileNames))]
    public async Task Random_bytes_parse_or_are_rejected(string fileName)
    {
        var parser = ParserFor(fileName);
        var outcomes = new Outcomes();
        await ByteMutations.RandomBytes.SampleAsync(bytes => AssertParsesOrRejectsAsync(parser, bytes, fileName, outcomes), iter: Iterations);
        outcomes.Report(fileName);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public async Task Syntax_soup_parses_or_is_rejected(string fileName)
    {
        var parser = ParserFor(fileName);
        var outcomes = new Outcomes();
        await ByteMutations.SyntaxSoup.SampleAsync(bytes => AssertParsesOrRejectsAsync(parser, bytes, fileName, outcomes), iter: Iterations);
        outcomes.Report(fileName);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public async Task Mutations_of_a_valid_file_parse_or_are_rejected(string fileName)
    {
        var parser = ParserFor(fileName);
        var original = ValidFile(fileName);
        var outcomes = new Outcomes();
        await ByteMutations.Mutants(original).SampleAsync(bytes => AssertParsesOrRejectsAsync(parser, bytes, fileName, outcomes), iter: Iterations * 2);
        outcomes.Report(fileName);
    }

    /// <summary>Shapes known to push Markdown and HTML parsers into deep recursion or quadratic time, about 30 KB each.</summary>
    [Theory]
    [InlineData("guide.md", "[x](")]
    [InlineData("guide.md", "[](")]
    [InlineData("guide.md", "![[]()")]
    [InlineData("guide.md", "- ")]
    [InlineData("guide.md", "> ")]
    [InlineData("guide.md", "[")]
    [InlineData("guide.md", "*a **a ")]
    [InlineData("guide.md", "1. ")]
    [InlineData("page.html", "<div>")]
    [InlineData("page.html", "<b>")]
    [InlineData("page.html", "<a>x</b>")]
    [InlineData("page.html", "<li>")]
    [InlineData("page.html", "<table><tr><td>")]
    [InlineData("config.json", "[")]
    [InlineData("config.json", "{\"a\":")]
    [InlineData("people.csv", "\"\"")]
    public async Task Pathological_repetitions_parse_or_are_rejected(string fileName, string pattern)
    {
        var input = string.Concat(Enumerable.Repeat(pattern, 30_000 / pattern.Length)) + "end";

        await AssertParsesOrRejectsAsync(ParserFor(fileName), SampleDocuments.Utf8(input), fileName, new Outcomes());
    }

    [Fact]
    public async Task Mutations_inside_a_docx_main_part_parse_or_are_rejected()
    {
        var parser = ParserFor("handbook.docx");
        var documentXml = ZipBombs.ReadPart(SampleDocuments.Docx(), "word/document.xml");
        var outcomes = new Outcomes();
        await ByteMutations.Mutants(documentXml)
            .Select(ZipBombs.DocxWithDocumentXml)
            .SampleAsync(docx => AssertParsesOrRejectsAsync(parser, docx, "handbook.docx", outcomes), iter: Iterations);
        outcomes.Report("word/document.xml");
    }

    /// <summary>Mutates the XML of the part that carries the content, inside an otherwise valid package.</summary>
    [Theory]
    [InlineData("deck.pptx", "ppt/slides/slide1.xml")]
    [InlineData("book.xlsx", "xl/worksheets/sheet1.xml")]
    [InlineData("book.xlsx", "xl/sharedStrings.xml")]
    public async Task Mutations_inside_a_pptx_or_xlsx_content_part_parse_or_are_rejected(string fileName, string partName)
    {
        var parser = ParserFor(fileName);
        var original = ValidFile(fileName);
        var part = ZipBombs.ReadPart(original, partName);
        var outcomes = new Outcomes();
        await ByteMutations.Mutants(part)
            .Select(mutant => ZipBombs.ReplacePart(original, partName, mutant))
            .SampleAsync(package => AssertParsesOrRejectsAsync(parser, package, fileName, outcomes), iter: Iterations);
        outcomes.Report(partName);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public async Task Cancellation_surfaces_as_cancellation_not_as_a_rejection(string fileName)
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ParserFor(fileName).ParseAsync(new MemoryStream(ValidFile(fileName)), fileName, cancelled.Token));
    }

    [Fact]
    public async Task The_detector_accepts_or_rejects_any_bytes_under_any_supported_name()
    {
        var detector = new ContentTypeDetector();
        var names = Gen.OneOf("a.txt", "a.md", "a.html", "a.pdf", "a.docx", "a.pptx", "a.xlsx", "a.csv", "a.json", "a.exe", "noext");
        var inputs = Gen.Select(names, Gen.OneOf(ByteMutations.RandomBytes, ByteMutations.Mutants(SampleDocuments.Docx())));

        await inputs.SampleAsync(async (name, bytes) =>
        {
            try
            {
                using var stream = new MemoryStream(bytes);
                var contentType = await detector.DetectAsync(name, stream, TestContext.Current.CancellationToken);
                Assert.Contains(contentType, DocumentContentTypes.ByExtension.Values);
            }
            catch (IngestionRejectedException rejected)
            {
                Assert.False(string.IsNullOrWhiteSpace(rejected.Message));
            }
        }, iter: 500);
    }

    private static async Task AssertParsesOrRejectsAsync(IDocumentParser parser, byte[] bytes, string fileName, Outcomes outcomes)
    {
        using var timeout = new CancellationTokenSource();
        var parse = Task.Run(() => parser.ParseAsync(new MemoryStream(bytes), fileName, timeout.Token), TestContext.Current.CancellationToken);
        try
        {
            var document = await parse.WaitAsync(ParseTimeout, TestContext.Current.CancellationToken);
            Assert.All(document.Sections, section =>
            {
                Assert.False(string.IsNullOrWhiteSpace(section.Text));
                Assert.NotNull(section.HeadingPath);
                Assert.True(section.Page >= 0);
            });
            Interlocked.Increment(ref outcomes.Parsed);
        }
        catch (IngestionRejectedException rejected)
        {
            Assert.False(string.IsNullOrWhiteSpace(rejected.Message));
            Interlocked.Increment(ref outcomes.Rejected);
        }
        catch (TimeoutException) when (!parse.IsCompleted)
        {
            await timeout.CancelAsync();
            var saved = Path.Combine(Path.GetTempPath(), $"ragbot-hang-{Guid.NewGuid():N}{Path.GetExtension(fileName)}");
            await File.WriteAllBytesAsync(saved, bytes, CancellationToken.None);
            Assert.Fail($"{parser.GetType().Name} did not finish within {ParseTimeout.TotalSeconds} s on {bytes.Length} bytes, saved to {saved}");
        }
    }

    private static IDocumentParser ParserFor(string fileName)
    {
        var contentType = new ContentTypeDetector().GetContentTypeFromName(fileName);
        return Assert.Single(ParserTestKit.AllParsers(), p => p.ContentTypes.Contains(contentType));
    }

    private static byte[] ValidFile(string fileName) => Path.GetExtension(fileName) switch
    {
        ".txt" => SampleDocuments.Utf8(SampleDocuments.Text),
        ".md" => SampleDocuments.Utf8(SampleDocuments.Markdown),
        ".html" => SampleDocuments.Utf8(SampleDocuments.Html),
        ".pdf" => SampleDocuments.Pdf(),
        ".docx" => SampleDocuments.Docx(),
        ".pptx" => OfficeSamples.Pptx(new OfficeSamples.SampleSlide("Roadmap", ["Ship the app", "Open an office"], "Notes here", [["a", "b"]])),
        ".xlsx" => OfficeSamples.Xlsx(("Staff", [["Name", "Desk"], ["Ada", "12"]]), ("Rooms", [["Room"], ["Blue"]])),
        ".csv" => SampleDocuments.Utf8(SampleDocuments.Csv(30)),
        _ => SampleDocuments.Utf8(SampleDocuments.Json),
    };

    /// <summary>How the inputs ended, printed so a run shows the parsers were reached, not only rejected at the door.</summary>
    private sealed class Outcomes
    {
        public int Parsed;
        public int Rejected;

        public void Report(string fileName) =>
            TestContext.Current.TestOutputHelper?.WriteLine($"{fileName}: {Parsed} parsed, {Rejected} rejected");
    }
}
