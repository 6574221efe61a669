using System.Globalization;
using RagBot.Core.Documents;
using RagBot.Ingestion.ContentTypes;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;
using UglyToad.PdfPig.Core;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Reads PDF text with PdfPig's layout analysis (<see cref="PdfPageReader"/>): blocks in reading order, running headers,
/// footers and page numbers dropped (<see cref="PdfRunningTextFilter"/>), headings from the outline or the fonts
/// (<see cref="PdfHeadingClassifier"/>) building heading paths, one section per block with its 1-based page.
/// Pages without a text layer (scans) are named in the document's warnings: RagBot does no OCR.
/// </summary>
public sealed class PdfParser : IDocumentParser
{
    private const int MaxOutlineNodes = 10_000;

    public IReadOnlyCollection<string> ContentTypes { get; } = [DocumentContentTypes.Pdf];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        return await ParserThread.RunAsync("RagBot PDF parser", () => ParserFailure.Run("a PDF document", () => Parse(bytes, cancellationToken), cancellationToken)).ConfigureAwait(false);
    }

    private static ParsedDocument Parse(byte[] bytes, CancellationToken cancellationToken)
    {
        var options = new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true };
        using var document = Open(bytes, options);
        var blocks = new List<PdfTextBlock>();
        var scanned = new List<int>();
        for (var pageNumber = 1; pageNumber <= document.NumberOfPages; pageNumber++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = document.GetPage(pageNumber);
            var pageBlocks = PdfPageReader.Read(page, pageNumber);
            if (pageBlocks.Count == 0 && page.NumberOfImages > 0)
            {
                scanned.Add(pageNumber);
            }

            blocks.AddRange(pageBlocks);
        }

        blocks = PdfRunningTextFilter.Filter(blocks, document.NumberOfPages);
        var headings = PdfHeadingClassifier.Create(blocks, Outline(document));
        var sections = new SectionListBuilder();
        foreach (var block in blocks)
        {
            var level = headings.LevelOf(block);
            if (level > 0)
            {
                sections.AddHeading(level, block.Text, block.Page);
            }
            else
            {
                sections.AddText(block.Text, SectionKind.Paragraph, block.Page);
            }
        }

        return sections.Build() with { Warnings = scanned.Count == 0 ? [] : [ScanWarning(scanned)] };
    }

    private static string ScanWarning(List<int> pages) =>
        $"{(pages.Count == 1 ? "Page" : "Pages")} {string.Join(", ", pages.Select(p => p.ToString(CultureInfo.InvariantCulture)))} " +
        "have no text layer (scanned images?) and were not indexed: RagBot does no OCR. Run the PDF through OCR and upload it again.";

    /// <summary>Outline titles with their depth; a damaged outline is ignored, the text is what matters.</summary>
    private static Dictionary<string, int> Outline(PdfDocument document)
    {
        var titles = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            if (!document.TryGetBookmarks(out var bookmarks))
            {
                return titles;
            }

            foreach (var node in bookmarks.GetNodes().Take(MaxOutlineNodes))
            {
                var key = PdfHeadingClassifier.OutlineKey(node.Title ?? "");
                if (key.Length > 0)
                {
                    titles.TryAdd(key, node.Level + 1);
                }
            }
        }
        catch (PdfDocumentFormatException)
        {
            titles.Clear();
        }

        return titles;
    }

    private static PdfDocument Open(byte[] bytes, ParsingOptions options)
    {
        try
        {
            return PdfDocument.Open(bytes, options);
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw ParserFailure.Unreadable("The PDF is encrypted with a password; remove the password and upload it again.", ex);
        }
    }
}
