namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Refuses HTML that would make the HTML5 tree builder slow before it runs. The tree builder walks its stack of open
/// elements on most tags (scope checks, "any other end tag", re-opening formatting elements), so its time grows with
/// tags times depth: 40,000 nested divs take about 10 s, and 100,000 stray <c>&lt;/p&gt;</c> under 1,000 divs about 4 s.
/// <para>
/// One linear pass tokenizes the page as the HTML5 tokenizer does (comments ending at <c>--&gt;</c> or
/// <c>--!&gt;</c>, bogus comments, quoted attributes, raw text and script escapes, CDATA only in SVG/MathML) and keeps
/// a model of the stack of open elements that never holds fewer elements than the real one: <c>&lt;div/&gt;</c> opens
/// a div (the slash only closes void and foreign elements); an end tag closes only an element that is open and
/// reachable under the tree builder's rules (scope, special elements), else it is ignored; implied end tags
/// (<c>p</c>, <c>li</c>, table parts) and implied elements (<c>tbody</c>, <c>tr</c>) follow the tree builder. Formatting
/// elements (<c>b</c>, <c>font</c>, ...), which the tree builder re-opens after they are closed implicitly, count until
/// their own end tag (the adoption agency) or the close of their cell removes them, with its three-identical-elements
/// rule. Where AngleSharp departs from the standard (a select with an option nests every later tag; some names are
/// compared without their namespace) the model follows AngleSharp. Where it cannot tell what the tree builder does (raw
/// text inside <c>select</c> or <c>template</c>, framesets, SVG/MathML elements named like HTML ones, a formatting
/// element inside an integration point), it stops modelling and counts every later start tag as a new level, which can
/// only over-count. Checked against AngleSharp's own stack on generated tag soup (HtmlNestingGuardModelTests).
/// </para>
/// Refused: a depth above <see cref="MaxDepth"/> (plus the two of <c>html</c> and <c>body</c>), or an estimated tree
/// builder work (stack steps, re-opened elements) above <see cref="MaxWork"/>.
/// </summary>
internal static partial class HtmlNestingGuard
{
    public const int MaxDepth = 1000;

    /// <summary>Stack steps the tree builder may take (about 10-40 ns each); re-opening an element counts <see cref="ReopenCost"/>.</summary>
    public const long MaxWork = 150_000_000;

    internal const int ReopenCost = 64;

    public static void Check(string html)
    {
        var model = new TreeModel(html, MaxDepth + 2, MaxWork);
        model.Run();
        if (model.TooDeep)
        {
            throw ParserFailure.Unreadable(
                $"The HTML nests elements more than {MaxDepth} levels deep; no real page does, so it was not parsed.");
        }

        if (model.TooCostly)
        {
            throw ParserFailure.Unreadable(
                "The HTML's markup would cost the HTML parser minutes (many stray or misnested tags under deep nesting); no real page does, so it was not parsed.");
        }
    }

    /// <summary>The deepest stack the model saw (counting html and body) and the work it estimated, without limits (for tests).</summary>
    internal static (int Depth, long Work, bool Pessimistic) Measure(string html)
    {
        var model = new TreeModel(html, int.MaxValue, long.MaxValue);
        model.Run();
        return (model.MaxSeen, model.Work, model.Pessimistic);
    }

    private enum Ns : byte
    {
        Html,
        Svg,
        Math,
    }

    private struct Element
    {
        public string Key;
        public Ns Ns;
        public bool Special;
        public bool DefaultBoundary;
        public bool HtmlIntegration;
        public bool MathText;
        public bool Marker;
        public bool Dropped;
    }

    private sealed class Formatting
    {
        public required string Name;
        public required string NoahKey;
        public required long Serial;
        public int Position;
        public bool Dead;

        /// <summary>Dropped from the tree builder's list by its "Noah's Ark" rule (a fourth identical one): still open, never re-opened.</summary>
        public bool Unlisted;

        /// <summary>Passed over by the adoption agency: the model no longer knows whether it is listed or open, so it counts until a marker clears it.</summary>
        public bool Frozen;
    }

    private sealed partial class TreeModel(string html, int depthLimit, long workLimit)
    {
        private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
        {
            "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen", "link",
            "meta", "param", "source", "track", "wbr",
        };

        private static readonly HashSet<string> FormattingNames = new(StringComparer.Ordinal)
        {
            "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
        };

        private static readonly HashSet<string> SpecialHtml = new(StringComparer.Ordinal)
        {
            "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body", "br", "button",
            "caption", "center", "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "embed", "fieldset",
            "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
            "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta",
            "nav", "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script", "search",
            "section", "select", "source", "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th",
            "thead", "title", "tr", "track", "ul", "wbr", "xmp",
        };

        private static readonly HashSet<string> BoundaryHtml = new(StringComparer.Ordinal)
        {
            "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
        };

        private static readonly HashSet<string> Markers = new(StringComparer.Ordinal)
        {
            "applet", "caption", "marquee", "object", "template", "td", "th",
        };

        private static readonly HashSet<string> ClosesP = new(StringComparer.Ordinal)
        {
            "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
            "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "listing", "main", "menu", "nav", "ol", "p",
            "pre", "search", "section", "summary", "ul",
        };

        private static readonly HashSet<string> ScopedEnd = new(StringComparer.Ordinal)
        {
            "address", "article", "aside", "blockquote", "button", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
            "figcaption", "figure", "footer", "header", "hgroup", "listing", "main", "menu", "nav", "ol", "pre", "search",
            "section", "summary", "ul",
        };

        private static readonly HashSet<string> Breakout = new(StringComparer.Ordinal)
        {
            "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2", "h3",
            "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s",
            "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
        };

        private static readonly HashSet<string> RawText = new(StringComparer.Ordinal)
        {
            "iframe", "noembed", "noframes", "plaintext", "script", "style", "textarea", "title", "xmp",
        };

        private static readonly HashSet<string> TableParts = new(StringComparer.Ordinal)
        {
            "caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr",
        };

        private static readonly string[] Headings = ["h1", "h2", "h3", "h4", "h5", "h6"];

        private readonly List<Element> _stack = [];
        private readonly Dictionary<string, List<int>> _positions = new(StringComparer.Ordinal);
        private readonly List<int> _special = [];
        private readonly List<int> _specialForLists = [];
        private readonly List<int> _defaultBoundary = [];
        private readonly List<int> _listBoundary = [];
        private readonly List<int> _buttonBoundary = [];
        private readonly List<int> _htmlElements = [];
        private readonly Dictionary<string, List<Formatting>> _formattingByName = new(StringComparer.Ordinal);
        private readonly List<Formatting> _formatting = [];
        private readonly Dictionary<string, List<Formatting>> _identical = new(StringComparer.Ordinal);
        private int _live;
        private readonly List<long> _markers = [];
        private long _serial;
        private int _pos;
        private bool _stop;
        private bool _formPointer;
        private bool? _quirks;
        private bool _quirksKnown;

        public int MaxSeen { get; private set; } = 2;

        public long Work { get; private set; }

        public bool TooDeep { get; private set; }

        public bool TooCostly { get; private set; }

        public bool Pessimistic { get; private set; }

        private int Depth => 2 + _stack.Count + _live;

        public void Run()
        {
            while (!_stop && _pos < html.Length)
            {
                var lt = html.IndexOf('<', _pos);
                if (lt < 0)
                {
                    Text(html.Length);
                    return;
                }

                if (lt > _pos)
                {
                    Text(lt);
                }

                _pos = lt;
                Markup();
            }
        }

        /// <summary>Text re-opens formatting elements, except in foreign content and whitespace directly in a table.</summary>
        private void Text(int end)
        {
            if (InForeignContent())
            {
                return;
            }

            if (_stack.Count > 0 && _stack[^1] is { Ns: Ns.Html, Key: "table" or "tbody" or "thead" or "tfoot" or "tr" or "template" }
                && !FormattingMayBeOnTop() && html.AsSpan(_pos, end - _pos).IndexOfAnyExcept(" \t\n\f\r") < 0)
            {
                return;
            }

            Reconstruct();
        }

        private void Markup()
        {
            var start = _pos;
            if (start + 1 >= html.Length)
            {
                _pos = html.Length;
                return;
            }

            var next = html[start + 1];
            if (next == '!')
            {
                if (string.CompareOrdinal(html, start, "<!--", 0, 4) == 0)
                {
                    SkipComment(start + 4);
                }
                else if (string.CompareOrdinal(html, start, "<![CDATA[", 0, 9) == 0 && _stack.Count > 0 && _stack[^1].Ns != Ns.Html)
                {
                    if (FormattingMayBeOnTop())
                    {
                        GoPessimistic(start);
                        return;
                    }

                    var end = html.IndexOf("]]>", start + 9, StringComparison.Ordinal);
                    _pos = end < 0 ? html.Length : end + 3;
                }
                else
                {
                    SkipToGreaterThan(start + 2);
                }
            }
            else if (next == '?')
            {
                SkipToGreaterThan(start + 1);
            }
            else if (next == '/')
            {
                if (start + 2 >= html.Length)
                {
                    _pos = html.Length;
                }
                else if (char.IsAsciiLetter(html[start + 2]))
                {
                    var tag = ReadTag(start + 2);
                    if (tag.Name is not null)
                    {
                        EndTag(tag.Name);
                    }
                }
                else if (html[start + 2] == '>')
                {
                    _pos = start + 3;
                }
                else
                {
                    SkipToGreaterThan(start + 2);
                }
            }
            else if (char.IsAsciiLetter(next))
            {
                var tag = ReadTag(start + 1);
                if (tag.Name is not null)
                {
                    StartTag(tag, start);
                }
            }
            else
            {
                _pos = start + 1;
                Text(start + 1);
            }
        }

        private readonly record struct Tag(string? Name, bool SelfClosing, string Attributes, bool FontBreaksOut, bool HtmlEncoding);
    }
}
