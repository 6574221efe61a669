using System.Text.RegularExpressions;

namespace RagBot.Core.Text;

/// <summary>
/// Makes document text inert before it is quoted to a model, to the extractive answerer or to a client: a document
/// must not be able to plant citation markers (<c>[2]</c>, which the answer would keep, now pointing at another
/// source) or links (Markdown <c>[text](url)</c>, reference links and their definitions, HTML tags that link, load or run something, and
/// <c>&lt;url&gt;</c> autolinks) that a client would render. Link text stays, the markup goes; bracketed numbers
/// become parenthesised. Bare URLs stay as plain text: they are content. Every pattern is bounded, so the pass is
/// linear in the text.
/// </summary>
public static partial class SourceText
{
    public static string Neutralize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('[', '<') < 0)
        {
            return text;
        }

        // Invisible characters would hide a marker from the patterns below ("[\u200B2]" reads as "[2]").
        var result = Invisible().Replace(text, "");
        result = InlineLink().Replace(result, "$1");
        result = ReferenceLink().Replace(result, "$1");
        result = LinkDefinition().Replace(result, "$1($2):");
        result = HtmlLink().Replace(result, "$1");
        result = AngleAutolink().Replace(result, "$1");
        result = HtmlTag().Replace(result, "");
        result = CitationLike().Replace(result, "($1)");

        // "[[1]](url)" becomes a link only once its inner marker is gone: take it out too. Then whatever bracket pair
        // still touches a "(" or "[" (nested brackets the patterns do not follow) is split, which no Markdown renderer
        // reads as a link.
        result = InlineLink().Replace(result, "$1");
        return result.Replace("](", "] (", StringComparison.Ordinal).Replace("][", "] [", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"[\u200B-\u200D\u2060\uFEFF]")]
    private static partial Regex Invisible();

    // ![alt](target) or [text](target): the text (or alt) alone; the target may hold one level of parentheses
    // ("javascript:alert(1)", "x(y)").
    [GeneratedRegex(@"!?\[([^\[\]\n]{0,500})\]\((?:[^()\n]|\([^()\n]{0,500}\)){0,2000}\)")]
    private static partial Regex InlineLink();

    // [text][ref] and [text][]: the text alone.
    [GeneratedRegex(@"\[([^\[\]\n]{1,500})\]\[[^\[\]\n]{0,500}\]")]
    private static partial Regex ReferenceLink();

    // [ref]: url at the start of a line (a link definition, which would turn a shortcut [ref] anywhere into a link).
    [GeneratedRegex(@"^([ \t]{0,3})\[([^\[\]\n]{1,500})\]:", RegexOptions.Multiline)]
    private static partial Regex LinkDefinition();

    [GeneratedRegex(@"<a\b[^<>]{0,2000}>([^<]{0,2000})</a\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"<((?:https?|ftp|mailto|file|javascript|data):[^<>\s]{0,2000})>", RegexOptions.IgnoreCase)]
    private static partial Regex AngleAutolink();

    // Tags that link, load or run something; other angle-bracket text (<tag>, <b>, a quoted </source>) is content and
    // stays (the prompt HTML-escapes it).
    [GeneratedRegex(@"</?(?:a|img|image|iframe|frame|frameset|script|style|object|embed|link|meta|base|form|input|button|svg|math|video|audio|area)\b[^<>]{0,2000}>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    // [2], [1,3], [ 4 ], and what renders as one: \[2\] (escaped) and [^2] (a footnote): citation markers' shape.
    [GeneratedRegex(@"\\?\[\^?\s*(\d{1,9}(?:\s*[,;\-–]\s*\d{1,9}){0,50})\s*\\?\]")]
    private static partial Regex CitationLike();
}
