using System.Buffers;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Refuses HTML nested absurdly deep before it reaches the HTML5 tree builder, whose scope checks walk the stack
/// of open elements on every tag and so take quadratic time on such input (40,000 nested divs: about 10 s).
/// A linear scan over the tags approximates the nesting depth; elements that close themselves implicitly
/// (p, li, td, ...) and void elements (br, img, ...) are not counted, so sloppy but ordinary markup passes.
/// </summary>
internal static class HtmlNestingGuard
{
    public const int MaxDepth = 1000;

    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "colgroup", "caption",
        "rb", "rt", "rp", "rtc", "html", "head", "body",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    };

    private static readonly SearchValues<char> NameEnd = SearchValues.Create(" \t\r\n\f/>");

    public static void Check(string html)
    {
        var depth = 0;
        var i = 0;
        while ((i = html.IndexOf('<', i)) >= 0 && i + 1 < html.Length)
        {
            if (html.AsSpan(i).StartsWith("<!--", StringComparison.Ordinal))
            {
                var close = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = close < 0 ? html.Length : close + 3;
                continue;
            }

            var closing = html[i + 1] == '/';
            var nameStart = i + (closing ? 2 : 1);
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                i++;
                continue;
            }

            var nameLength = html.AsSpan(nameStart).IndexOfAny(NameEnd);
            var name = nameLength < 0 ? html[nameStart..] : html.Substring(nameStart, nameLength);
            var tagEnd = html.IndexOf('>', nameStart);
            i = tagEnd < 0 ? html.Length : tagEnd + 1;
            if (NotNesting.Contains(name) || (tagEnd > 0 && html[tagEnd - 1] == '/'))
            {
                continue;
            }

            if (closing)
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            if (RawText.Contains(name))
            {
                var end = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? html.Length : end;
                depth++;
                continue;
            }

            if (++depth > MaxDepth)
            {
                throw ParserFailure.Unreadable(
                    $"The HTML nests elements more than {MaxDepth} levels deep; no real page does, so it was not parsed.");
            }
        }
    }
}
