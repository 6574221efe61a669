using System.Globalization;
using System.Text;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using RagBot.Core.Documents;

namespace RagBot.Ingestion.Parsers;

/// <summary>Turns a Markdig syntax tree into sections in reading order.</summary>
internal sealed class MarkdownSectionWalker(CancellationToken cancellationToken)
{
    // Past this nesting (quotes in quotes in lists...) the structure carries no meaning, only stack depth.
    private const int MaxNesting = 48;

    private readonly StringBuilder _inlineText = new();
    private readonly Stack<Inline> _pendingInlines = new();

    public SectionListBuilder Sections { get; } = new();

    public void Walk(IEnumerable<Block> blocks, int depth = 0)
    {
        foreach (var block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (depth >= MaxNesting && block is ContainerBlock deep)
            {
                WalkFlattened(deep);
                continue;
            }

            switch (block)
            {
                case HeadingBlock heading:
                    Sections.AddHeading(heading.Level, InlineText(heading.Inline));
                    break;
                case Table table:
                    AddTable(table);
                    break;
                case ListBlock list:
                    AddList(list, depth);
                    break;
                case YamlFrontMatterBlock or HtmlBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup:
                    break;
                case CodeBlock code:
                    Sections.AddLines(code.Lines.ToString(), SectionKind.Code);
                    break;
                case LeafBlock leaf:
                    AddParagraph(InlineText(leaf.Inline, lineBreak: '\n'));
                    break;
                case ContainerBlock nested:
                    Walk(nested, depth + 1);
                    break;
            }
        }
    }

    private void AddList(ListBlock list, int depth)
    {
        var number = list.IsOrdered && int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}{list.OrderedDelimiter} " : "- ";
            var text = new StringBuilder();
            var nested = new List<Block>();
            foreach (var child in item)
            {
                if (child is LeafBlock leaf and not CodeBlock && child is not HeadingBlock)
                {
                    text.Append(InlineText(leaf.Inline)).Append(' ');
                }
                else
                {
                    nested.Add(child);
                }
            }

            Sections.AddText(marker + text, SectionKind.ListItem);
            Walk(nested, depth + 1);
        }
    }

    private void WalkFlattened(ContainerBlock deep)
    {
        foreach (var leaf in deep.Descendants<LeafBlock>())
        {
            Sections.AddText(leaf is CodeBlock code ? code.Lines.ToString() : InlineText(leaf.Inline));
        }
    }

    private void AddTable(Table table)
    {
        var rows = new StringBuilder();
        foreach (var row in table.OfType<TableRow>())
        {
            var cells = row.OfType<TableCell>()
                .Select(cell => SectionListBuilder.CollapseWhitespace(string.Join(' ', cell.Descendants<LeafBlock>().Select(l => InlineText(l.Inline)))));
            rows.Append(string.Join(" | ", cells)).Append('\n');
        }

        Sections.AddLines(rows.ToString(), SectionKind.Table);
    }

    /// <summary>
    /// Flowing text, except rows Markdig could not read as a table (a line without pipes ends one): those keep a line
    /// each, so a row is never glued to the text after it.
    /// </summary>
    private void AddParagraph(string text)
    {
        if (text.StartsWith('|'))
        {
            Sections.AddLines(text, SectionKind.Table);
        }
        else
        {
            Sections.AddText(text);
        }
    }

    private string InlineText(ContainerInline? inline, char lineBreak = ' ')
    {
        if (inline is null)
        {
            return string.Empty;
        }

        _inlineText.Clear();
        AppendInline(_inlineText, _pendingInlines, inline, lineBreak);
        return _inlineText.ToString();
    }

    /// <summary>Depth-first over the inline tree without recursion: unmatched brackets can nest thousands deep.</summary>
    private static void AppendInline(StringBuilder text, Stack<Inline> pending, ContainerInline root, char lineBreak)
    {
        pending.Clear();
        PushChildren(pending, root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case LinkInline { IsImage: true }:
                case HtmlInline:
                    break;
                case LiteralInline literal:
                    text.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.AsSpan());
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case LineBreakInline:
                    text.Append(lineBreak);
                    break;
                case ContainerInline nested:
                    PushChildren(pending, nested);
                    break;
            }
        }
    }

    private static void PushChildren(Stack<Inline> pending, ContainerInline container)
    {
        for (var child = container.LastChild; child is not null; child = child.PreviousSibling)
        {
            pending.Push(child);
        }
    }
}
