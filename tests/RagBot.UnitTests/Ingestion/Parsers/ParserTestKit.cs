using Microsoft.Extensions.Options;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.Parsers;

namespace RagBot.UnitTests.Ingestion.Parsers;

internal static class ParserTestKit
{
    public static IOptions<DocumentParsingOptions> Options(Action<DocumentParsingOptions>? configure = null)
    {
        var options = new DocumentParsingOptions();
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    public static IDocumentParser[] AllParsers(IOptions<DocumentParsingOptions>? options = null)
    {
        options ??= Options();
        return
        [
            new PlainTextParser(), new MarkdownParser(), new HtmlParser(), new PdfParser(),
            new DocxParser(options), new PptxParser(options), new XlsxParser(options), new CsvParser(options), new JsonParser(options),
        ];
    }

    public static Task<ParsedDocument> ParseAsync(this IDocumentParser parser, byte[] bytes, string fileName = "file") =>
        parser.ParseAsync(new MemoryStream(bytes), fileName, TestContext.Current.CancellationToken);

    public static Task<ParsedDocument> ParseAsync(this IDocumentParser parser, string text, string fileName = "file") =>
        parser.ParseAsync(SampleDocuments.Utf8(text), fileName);

    public static async Task<IngestionRejectedException> AssertRejectedAsync(Task<ParsedDocument> parse, RejectionReason reason)
    {
        var rejected = await Assert.ThrowsAsync<IngestionRejectedException>(() => parse);
        Assert.Equal(reason, rejected.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Message));
        return rejected;
    }

    public static string[] Texts(this ParsedDocument document) => document.Sections.Select(s => s.Text).ToArray();

    public static DocumentSection Section(this ParsedDocument document, string text) =>
        Assert.Single(document.Sections, s => s.Text == text);
}
