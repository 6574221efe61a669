using System.Buffers;
using System.Text;
using RagBot.Core.Documents;

namespace RagBot.Ingestion.Parsers;

/// <summary>Collects sections in reading order, tracking headings and skipping blank text.</summary>
internal sealed class SectionListBuilder
{
    /// <summary>Every character that <see cref="CollapseWhitespace"/> turns into a space, except the space itself.</summary>
    private static readonly SearchValues<char> OddSpacing = SearchValues.Create(
        Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(c => c != ' ' && (char.IsWhiteSpace(c) || char.IsControl(c))).ToArray());

    private readonly List<DocumentSection> _sections = [];

    public HeadingPathTracker Headings { get; } = new();

    public int Count => _sections.Count;

    public void AddHeading(int level, string text, int page = 0)
    {
        var clean = CollapseWhitespace(text);
        if (clean.Length == 0)
        {
            return;
        }

        var parents = Headings.Enter(level, clean);
        _sections.Add(new DocumentSection(clean, parents, page, SectionKind.Heading));
    }

    /// <summary>Adds flowing text: runs of whitespace become one space.</summary>
    public void AddText(string text, SectionKind kind = SectionKind.Paragraph, int page = 0)
    {
        var clean = CollapseWhitespace(text);
        if (clean.Length > 0)
        {
            _sections.Add(new DocumentSection(clean, Headings.Current, page, kind));
        }
    }

    /// <summary>Adds text whose line breaks matter (code, table rows): only trailing spaces and blank edges go.</summary>
    public void AddLines(string text, SectionKind kind, int page = 0)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range).TrimEnd();
            if (clean.Length > 0 || !line.IsEmpty)
            {
                clean.Append(line).Append('\n');
            }
        }

        while (clean.Length > 0 && clean[^1] == '\n')
        {
            clean.Length--;
        }

        if (clean.Length > 0)
        {
            _sections.Add(new DocumentSection(clean.ToString(), Headings.Current, page, kind));
        }
    }

    public ParsedDocument Build() => new(_sections.ToArray());

    public static string CollapseWhitespace(string text)
    {
        if (IsAlreadyCollapsed(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Most extracted text is already clean; checking with vectorised searches avoids copying it.</summary>
    private static bool IsAlreadyCollapsed(string text) =>
        text.Length == 0
        || (text[0] != ' ' && text[^1] != ' '
            && text.AsSpan().IndexOfAny(OddSpacing) < 0
            && !text.Contains("  ", StringComparison.Ordinal));
}
