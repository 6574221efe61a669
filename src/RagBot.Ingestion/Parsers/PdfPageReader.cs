using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Turns one PDF page into text blocks in reading order: PdfPig's Docstrum segmenter finds lines and blocks, a block
/// is split where the font size or weight changes (so a heading is never glued to the paragraph under it), lines are
/// joined with hyphenated words mended, and on a two-column page the left column is read before the right one.
/// </summary>
internal static class PdfPageReader
{
    private const double SizeJump = 1.15;

    private static readonly DocstrumBoundingBoxes BlockFinder = new(new DocstrumBoundingBoxes.DocstrumBoundingBoxesOptions
    {
        // Ingestion concurrency is limited by the pipeline; one parse must not take every core.
        MaxDegreeOfParallelism = 1,
    });

    public static List<PdfTextBlock> Read(Page page, int pageNumber)
    {
        var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        var blocks = new List<PdfTextBlock>();
        foreach (var block in InReadingOrder(BlockFinder.GetBlocks(words), page.Width))
        {
            foreach (var lines in SplitByFont(block.TextLines))
            {
                var top = lines.Max(l => l.BoundingBox.Top);
                var bottom = lines.Min(l => l.BoundingBox.Bottom);
                blocks.Add(new PdfTextBlock(JoinLines(lines), pageNumber, lines.Count, MedianLetterSize(lines), IsBold(lines))
                {
                    Top = page.Height <= 0 ? 0 : 1 - (top / page.Height),
                    Bottom = page.Height <= 0 ? 1 : 1 - (bottom / page.Height),
                });
            }
        }

        return blocks;
    }

    /// <summary>
    /// Top to bottom, except where the page has two columns: blocks that stay in one half are gathered between
    /// full-width blocks (titles, wide figures) and read left column first, each column top to bottom.
    /// </summary>
    private static IEnumerable<TextBlock> InReadingOrder(IReadOnlyList<TextBlock> blocks, double pageWidth)
    {
        var middle = pageWidth / 2;
        var pending = new List<TextBlock>();
        foreach (var block in blocks.OrderByDescending(b => b.BoundingBox.Top).ThenBy(b => b.BoundingBox.Left))
        {
            var spansMiddle = block.BoundingBox.Left < middle && block.BoundingBox.Right > middle;
            if (!spansMiddle)
            {
                pending.Add(block);
                continue;
            }

            foreach (var columnBlock in ByColumn(pending, middle))
            {
                yield return columnBlock;
            }

            pending.Clear();
            yield return block;
        }

        foreach (var columnBlock in ByColumn(pending, middle))
        {
            yield return columnBlock;
        }
    }

    private static IEnumerable<TextBlock> ByColumn(List<TextBlock> blocks, double middle) =>
        blocks.OrderBy(b => b.BoundingBox.Right <= middle ? 0 : 1).ThenByDescending(b => b.BoundingBox.Top);

    /// <summary>Splits a block where the font size jumps or the weight changes: the segmenter sometimes glues a heading to its paragraph.</summary>
    private static IEnumerable<List<TextLine>> SplitByFont(IReadOnlyList<TextLine> lines)
    {
        var run = new List<TextLine>();
        var runSize = 0.0;
        var runBold = false;
        foreach (var line in lines)
        {
            var size = MedianLetterSize([line]);
            var bold = IsBold([line]);
            if (run.Count > 0 && (Math.Max(size, runSize) > Math.Min(size, runSize) * SizeJump || bold != runBold))
            {
                yield return run;
                run = [];
            }

            if (run.Count == 0)
            {
                runSize = size;
                runBold = bold;
            }

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

    /// <summary>Most letters set in a bold face (the font's flag, or its name, which is all many PDFs give).</summary>
    private static bool IsBold(IReadOnlyList<TextLine> lines)
    {
        var letters = lines.SelectMany(l => l.Words).SelectMany(w => w.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var bold = letters.Count(l => l.FontDetails?.IsBold == true
            || (l.FontName ?? "").Contains("Bold", StringComparison.OrdinalIgnoreCase)
            || (l.FontName ?? "").Contains("Black", StringComparison.OrdinalIgnoreCase)
            || (l.FontName ?? "").Contains("Heavy", StringComparison.OrdinalIgnoreCase));
        return letters.Count > 0 && bold * 2 > letters.Count;
    }
}
