using System.Globalization;
using DocumentFormat.OpenXml.Wordprocessing;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Answers what a paragraph style means: a heading (and its level) or a list. Style ids are localised by Word,
/// so the built-in English style name, the outline level and the basedOn chain are consulted as well.
/// </summary>
internal sealed class DocxStyleResolver
{
    public const int TitleLevel = 0;
    private const int MaxBasedOnHops = 16;

    private readonly Dictionary<string, Style> _styles;

    public DocxStyleResolver(Styles? styles)
    {
        _styles = new Dictionary<string, Style>(StringComparer.OrdinalIgnoreCase);
        foreach (var style in styles?.Elements<Style>() ?? [])
        {
            var id = style.StyleId?.Value;
            if (id is not null)
            {
                _styles.TryAdd(id, style);
            }
        }
    }

    /// <summary>The heading level (0 for Title, 1-9 for headings) of a paragraph, or null for body text.</summary>
    public int? HeadingLevel(Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties;
        if (properties?.OutlineLevel?.Val?.Value is { } outline && outline < 9)
        {
            return outline + 1;
        }

        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        for (var hop = 0; styleId is not null && hop < MaxBasedOnHops; hop++)
        {
            var level = LevelFromName(styleId);
            _styles.TryGetValue(styleId, out var style);
            level ??= LevelFromName(style?.StyleName?.Val?.Value);
            if (level is null && style?.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } styleOutline && styleOutline < 9)
            {
                level = styleOutline + 1;
            }

            if (level is not null)
            {
                return level;
            }

            styleId = style?.BasedOn?.Val?.Value;
        }

        return null;
    }

    /// <summary>True when the paragraph is numbered or bulleted, directly or through its style.</summary>
    public bool IsListItem(Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties;
        if (properties?.NumberingProperties?.NumberingId?.Val?.Value is { } numberingId)
        {
            return numberingId != 0;
        }

        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        for (var hop = 0; styleId is not null && hop < MaxBasedOnHops; hop++)
        {
            _styles.TryGetValue(styleId, out var style);
            var name = style?.StyleName?.Val?.Value ?? styleId;
            if (name.StartsWith("List", StringComparison.OrdinalIgnoreCase)
                || style?.StyleParagraphProperties?.NumberingProperties?.NumberingId?.Val?.Value is > 0)
            {
                return true;
            }

            styleId = style?.BasedOn?.Val?.Value;
        }

        return false;
    }

    /// <summary>"Title", "Heading3" (style id) or "heading 3" (built-in style name).</summary>
    private static int? LevelFromName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (name.Equals("Title", StringComparison.OrdinalIgnoreCase))
        {
            return TitleLevel;
        }

        var compact = name.Replace(" ", string.Empty, StringComparison.Ordinal);
        return compact.Length == 8 && compact.StartsWith("heading", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(compact.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 9
            ? level
            : null;
    }
}
