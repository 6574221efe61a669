namespace RagBot.Ingestion.Parsers;

/// <summary>
/// PDFs carry no heading markup. A block is a heading when the PDF's outline (bookmarks) names it, or when it is short
/// and set clearly larger than the body text, or bold where the body is not. The outline's depth gives the level when
/// there is one; otherwise the larger the font, the higher the level, and same-size bold headings rank below them.
/// </summary>
internal sealed class PdfHeadingClassifier
{
    private const double MinRatioToBody = 1.2;
    private const int MaxHeadingLines = 2;
    private const int MaxHeadingLength = 150;
    private const int MaxLevels = 6;

    private readonly double _bodySize;
    private readonly bool _bodyIsBold;
    private readonly double[] _headingSizes;
    private readonly IReadOnlyDictionary<string, int> _outline;

    private PdfHeadingClassifier(double bodySize, bool bodyIsBold, double[] headingSizes, IReadOnlyDictionary<string, int> outline)
    {
        _bodySize = bodySize;
        _bodyIsBold = bodyIsBold;
        _headingSizes = headingSizes;
        _outline = outline;
    }

    /// <param name="blocks">Every block of the document.</param>
    /// <param name="outline">Outline titles (whitespace collapsed, case ignored) with their 1-based depth.</param>
    public static PdfHeadingClassifier Create(IReadOnlyList<PdfTextBlock> blocks, IReadOnlyDictionary<string, int> outline)
    {
        // The body style is the one carrying the most text.
        var body = blocks
            .Where(b => b.FontSize > 0)
            .GroupBy(b => (Size: Math.Round(b.FontSize, 1), b.IsBold))
            .Select(g => (g.Key, Characters: g.Sum(b => b.Text.Length)))
            .OrderByDescending(g => g.Characters)
            .Select(g => g.Key)
            .FirstOrDefault();

        var classifier = new PdfHeadingClassifier(body.Size, body.IsBold, [], outline);
        var headingSizes = blocks
            .Where(b => classifier.IsLarger(b) && IsHeadingShaped(b))
            .Select(b => Math.Round(b.FontSize, 1))
            .Distinct()
            .OrderDescending()
            .Take(MaxLevels - 1)
            .ToArray();
        return new PdfHeadingClassifier(body.Size, body.IsBold, headingSizes, outline);
    }

    /// <summary>The heading level (1 = top) of a block, or 0 for body text.</summary>
    public int LevelOf(PdfTextBlock block)
    {
        if (_outline.TryGetValue(OutlineKey(block.Text), out var depth))
        {
            return Math.Clamp(depth, 1, MaxLevels);
        }

        if (!IsHeadingShaped(block))
        {
            return 0;
        }

        if (IsLarger(block))
        {
            var index = Array.IndexOf(_headingSizes, Math.Round(block.FontSize, 1));
            return index < 0 ? MaxLevels : index + 1;
        }

        var boldAtBodySize = block.IsBold && !_bodyIsBold && block.FontSize >= _bodySize * 0.95;
        return boldAtBodySize && !EndsLikeSentence(block.Text) ? Math.Min(_headingSizes.Length + 1, MaxLevels) : 0;
    }

    /// <summary>The key an outline title and a block's text are matched by.</summary>
    public static string OutlineKey(string text) => SectionListBuilder.CollapseWhitespace(text).ToUpperInvariant();

    private bool IsLarger(PdfTextBlock block) => _bodySize > 0 && block.FontSize >= _bodySize * MinRatioToBody;

    private static bool IsHeadingShaped(PdfTextBlock block) =>
        block.LineCount <= MaxHeadingLines && block.Text.Length <= MaxHeadingLength && block.Text.Any(char.IsLetter);

    /// <summary>A bold sentence in the body ("Warning: do not ...") is emphasis, not a heading.</summary>
    private static bool EndsLikeSentence(string text) => text.TrimEnd() is { Length: > 0 } t && t[^1] is '.' or '!' or '?' or ',' or ';';
}
