using System.Text.RegularExpressions;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Drops what a printed page repeats rather than says: running headers and footers (the same text, numbers aside, in
/// the top or bottom margin of many pages) and bare page numbers ("7", "Page 7 of 12", "- 7 -") in those margins.
/// </summary>
internal static partial class PdfRunningTextFilter
{
    /// <summary>The margin band, as a fraction of the page height, where running text lives.</summary>
    private const double Margin = 0.1;

    /// <summary>A margin text on at least this share of the pages (and on two or more) is running text.</summary>
    private const double RepeatShare = 0.4;

    public static List<PdfTextBlock> Filter(List<PdfTextBlock> blocks, int pageCount)
    {
        var inMargin = blocks.Where(InMargin).ToList();
        var pagesByShape = inMargin
            .GroupBy(Shape)
            .ToDictionary(g => g.Key, g => g.Select(b => b.Page).Distinct().Count(), StringComparer.Ordinal);
        var repeatsFrom = Math.Max(2, (int)Math.Ceiling(pageCount * RepeatShare));
        return blocks.Where(b => !InMargin(b) || (!PageNumber().IsMatch(b.Text) && pagesByShape[Shape(b)] < repeatsFrom)).ToList();
    }

    private static bool InMargin(PdfTextBlock block) => block.LineCount <= 2 && (block.Bottom <= Margin || block.Top >= 1 - Margin);

    /// <summary>The text with digits folded, so "Page 3" and "Page 4", or a dated footer, count as the same running text.</summary>
    private static string Shape(PdfTextBlock block) => Digits().Replace(block.Text.Trim().ToLowerInvariant(), "#");

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^\s*(?:page\s+)?[-–—]?\s*\d{1,5}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,5})?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumber();
}
