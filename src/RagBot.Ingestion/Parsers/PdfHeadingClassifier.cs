namespace RagBot.Ingestion.Parsers;

/// <summary>
/// PDFs carry no heading markup, so a block counts as a heading when it is short and set clearly larger than the
/// document's body text; the larger the font, the higher the level.
/// </summary>
internal sealed class PdfHeadingClassifier
{
    private const double MinRatioToBody = 1.2;
    private const int MaxHeadingLines = 2;
    private const int MaxHeadingLength = 150;
    private const int MaxLevels = 6;

    private readonly double _bodySize;
    private readonly double[] _headingSizes;

    private PdfHeadingClassifier(double bodySize, double[] headingSizes)
    {
        _bodySize = bodySize;
        _headingSizes = headingSizes;
    }

    public static PdfHeadingClassifier Create(IReadOnlyList<PdfTextBlock> blocks)
    {
        // The body size is the one carrying the most text.
        var bodySize = blocks
            .Where(b => b.FontSize > 0)
            .GroupBy(b => Math.Round(b.FontSize, 1))
            .Select(g => (Size: g.Key, Characters: g.Sum(b => b.Text.Length)))
            .OrderByDescending(g => g.Characters)
            .Select(g => g.Size)
            .FirstOrDefault();

        var classifier = new PdfHeadingClassifier(bodySize, []);
        var headingSizes = blocks
            .Where(classifier.LooksLikeHeading)
            .Select(b => Math.Round(b.FontSize, 1))
            .Distinct()
            .OrderDescending()
            .Take(MaxLevels)
            .ToArray();
        return new PdfHeadingClassifier(bodySize, headingSizes);
    }

    /// <summary>The heading level (1 = largest) of a block, or 0 for body text.</summary>
    public int LevelOf(PdfTextBlock block)
    {
        if (!LooksLikeHeading(block))
        {
            return 0;
        }

        var index = Array.IndexOf(_headingSizes, Math.Round(block.FontSize, 1));
        return index < 0 ? MaxLevels : index + 1;
    }

    private bool LooksLikeHeading(PdfTextBlock block) =>
        _bodySize > 0
        && block.FontSize >= _bodySize * MinRatioToBody
        && block.LineCount <= MaxHeadingLines
        && block.Text.Length <= MaxHeadingLength
        && block.Text.Any(char.IsLetter);
}
