using System.Text;
using RagBot.Core.Documents;
using RagBot.Ingestion.ContentTypes;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.Exceptions;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Reads PDF text with PdfPig: words grouped into text blocks (Docstrum), blocks put in reading order, one paragraph
/// section per block with its 1-based page. Short blocks set in a clearly larger font become headings.
/// </summary>
public sealed class PdfParser : IDocumentParser
{
    private static readonly DocstrumBoundingBoxes BlockFinder = new(new DocstrumBoundingBoxes.DocstrumBoundingBoxesOptions
    {
        // Ingestion concurrency is limited by the pipeline; one parse must not take every core.
        MaxDegreeOfParallelism = 1,
    });

    private const double SizeJump = 1.15;

    public IReadOnlyCollection<string> ContentTypes { get; } = [DocumentContentTypes.Pdf];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        return ParserFailure.Run("a PDF document", () => Parse(bytes, cancellationToken), cancellationToken);
    }

    private static ParsedDocument Parse(byte[] bytes, CancellationToken cancellationToken)
    {
        var options = new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true };
        using var document = Open(bytes, options);
        var blocks = new List<PdfTextBlock>();
        for (var pageNumber = 1; pageNumber <= document.NumberOfPages; pageNumber++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = document.GetPage(pageNumber);
            blocks.AddRange(ReadPage(page, pageNumber));
        }

        var headings = PdfHeadingClassifier.Create(blocks);
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

        return sections.Build();
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

    private static IEnumerable<PdfTextBlock> ReadPage(Page page, int pageNumber)
    {
        var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        var blocks = BlockFinder.GetBlocks(words);
        var ordered = UnsupervisedReadingOrderDetector.Instance.Get(blocks);
        return ordered.SelectMany(block => SplitBySize(block.TextLines))
            .Select(lines => new PdfTextBlock(JoinLines(lines), pageNumber, lines.Count, MedianLetterSize(lines)));
    }

    /// <summary>
    /// Splits a block where the font size jumps: the segmenter sometimes glues a heading to the paragraph under it.
    /// </summary>
    private static IEnumerable<List<TextLine>> SplitBySize(IReadOnlyList<TextLine> lines)
    {
        var run = new List<TextLine>();
        var runSize = 0.0;
        foreach (var line in lines)
        {
            var size = MedianLetterSize([line]);
            if (run.Count > 0 && Math.Max(size, runSize) > Math.Min(size, runSize) * SizeJump)
            {
                yield return run;
                run = [];
            }

            runSize = run.Count == 0 ? size : runSize;
            run.Add(line);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    /// <summary>Joins lines into flowing text, mending words hyphenated across a line break.</summary>
    private static string JoinLines(IReadOnlyList<TextLine> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            var lineText = line.Text.Trim();
            if (text.Length > 0)
            {
                var hyphenated = text[^1] == '-' && text.Length > 1 && char.IsLetter(text[^2])
                    && lineText.Length > 0 && char.IsLower(lineText[0]);
                if (hyphenated)
                {
                    text.Length--;
                }
                else
                {
                    text.Append(' ');
                }
            }

            text.Append(lineText);
        }

        return text.ToString();
    }

    private static double MedianLetterSize(IReadOnlyList<TextLine> lines)
    {
        var sizes = lines.SelectMany(l => l.Words).SelectMany(w => w.Letters).Select(l => l.PointSize).Order().ToList();
        return sizes.Count == 0 ? 0 : sizes[sizes.Count / 2];
    }
}
