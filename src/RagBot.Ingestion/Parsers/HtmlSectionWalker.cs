using System.Text;
using AngleSharp.Dom;
using RagBot.Core.Documents;

namespace RagBot.Ingestion.Parsers;

/// <summary>Turns an HTML DOM into sections in reading order, skipping page chrome.</summary>
internal sealed class HtmlSectionWalker(CancellationToken cancellationToken)
{
    private const int MaxNesting = 96;

    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "nav", "aside", "footer", "iframe", "svg", "math", "canvas",
        "object", "embed", "img", "picture", "video", "audio", "map", "button", "select", "textarea", "input", "head",
        "dialog", "menu",
    };

    private static readonly HashSet<string> ChromeRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar", "toolbar", "dialog",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "blockquote", "body", "html", "figure", "figcaption", "dl", "dt", "dd",
        "address", "details", "summary", "center", "fieldset", "legend", "header", "hr", "form", "caption", "li",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    };

    private readonly SectionListBuilder _sections = new();
    private readonly StringBuilder _inline = new();

    public ParsedDocument Build()
    {
        FlushInline();
        return _sections.Build();
    }

    public void Walk(INode node, int depth = 0)
    {
        foreach (var child in node.ChildNodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (child is IText text)
            {
                _inline.Append(text.Data);
                continue;
            }

            if (child is not IElement element || IsChrome(element))
            {
                continue;
            }

            if (depth >= MaxNesting)
            {
                AppendFlattened(element);
                continue;
            }

            Visit(element, depth);
        }
    }

    private void Visit(IElement element, int depth)
    {
        var name = element.LocalName;
        if (name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6')
        {
            FlushInline();
            _sections.AddHeading(name[1] - '0', InlineTextOf(element));
        }
        else if (name is "ul" or "ol")
        {
            FlushInline();
            AddList(element, depth);
        }
        else if (name == "table" && !IsLayoutTable(element))
        {
            FlushInline();
            AddTable(element);
        }
        else if (name is "pre" or "listing" or "xmp")
        {
            FlushInline();
            _sections.AddLines(element.TextContent, SectionKind.Code);
        }
        else if (name == "br")
        {
            _inline.Append(' ');
        }
        else if (Blocks.Contains(name))
        {
            FlushInline();
            Walk(element, depth + 1);
            FlushInline();
        }
        else
        {
            Walk(element, depth + 1);
        }
    }

    private void AddList(IElement list, int depth)
    {
        var number = list.LocalName == "ol" && int.TryParse(list.GetAttribute("start"), out var start) ? start : 1;
        foreach (var item in list.Children.Where(c => c.LocalName == "li" && !IsChrome(c)))
        {
            var marker = list.LocalName == "ol" ? $"{number++}. " : "- ";
            var ownText = new StringBuilder();
            var nested = new List<IElement>();
            foreach (var node in item.ChildNodes)
            {
                if (node is IElement { LocalName: "ul" or "ol" or "table" or "pre" } block)
                {
                    nested.Add(block);
                }
                else if (node is IElement element && !IsChrome(element))
                {
                    ownText.Append(InlineTextOf(element)).Append(Blocks.Contains(element.LocalName) ? " " : string.Empty);
                }
                else if (node is IText text)
                {
                    ownText.Append(text.Data);
                }
            }

            _sections.AddText(marker + ownText, SectionKind.ListItem);
            foreach (var block in nested.Where(_ => depth < MaxNesting))
            {
                Visit(block, depth + 1);
            }
        }
    }

    private void AddTable(IElement table)
    {
        var caption = table.Children.FirstOrDefault(c => c.LocalName == "caption");
        if (caption is not null)
        {
            _sections.AddText(InlineTextOf(caption));
        }

        var rows = new StringBuilder();
        var sections = table.Children.Where(c => c.LocalName is "thead" or "tbody" or "tfoot").Prepend(table);
        foreach (var row in sections.SelectMany(s => s.Children).Where(c => c.LocalName == "tr"))
        {
            var cells = row.Children
                .Where(c => c.LocalName is "td" or "th" && !IsChrome(c))
                .Select(c => SectionListBuilder.CollapseWhitespace(InlineTextOf(c)));
            rows.Append(string.Join(" | ", cells)).Append('\n');
        }

        _sections.AddLines(rows.ToString(), SectionKind.Table);
    }

    private void FlushInline()
    {
        if (_inline.Length > 0)
        {
            _sections.AddText(_inline.ToString());
            _inline.Clear();
        }
    }

    private void AppendFlattened(IElement element) => _inline.Append(' ').Append(InlineTextOf(element)).Append(' ');

    /// <summary>The visible text under an element, without recursion so deep markup cannot exhaust the stack.</summary>
    private static string InlineTextOf(IElement root)
    {
        var text = new StringBuilder();
        var pending = new Stack<INode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is IText t)
            {
                text.Append(t.Data);
                continue;
            }

            if (node is IElement element && (element == root || !IsChrome(element)))
            {
                if (element != root && IsSpaced(element.LocalName))
                {
                    text.Append(' ');
                }

                for (var i = element.ChildNodes.Length - 1; i >= 0; i--)
                {
                    pending.Push(element.ChildNodes[i]);
                }
            }
        }

        return text.ToString();
    }

    private static bool IsSpaced(string name) => Blocks.Contains(name) || name == "br";

    /// <summary>Old pages lay out whole pages with tables; one holding headings or tables is layout, not data.</summary>
    private static bool IsLayoutTable(IElement table) => table.QuerySelector("h1, h2, h3, h4, h5, h6, table") is not null;

    private static bool IsChrome(IElement element)
    {
        if (Dropped.Contains(element.LocalName) || element.HasAttribute("hidden")
            || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var role = element.GetAttribute("role");
        if (role is not null && ChromeRoles.Contains(role))
        {
            return true;
        }

        // The page's banner is chrome; a header inside an article or section introduces that content.
        return element.LocalName == "header" && element.Closest("article, main, section") is null;
    }
}
