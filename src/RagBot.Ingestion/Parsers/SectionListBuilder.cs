using System.Text;
using RagBot.Core.Documents;

namespace RagBot.Ingestion.Parsers;

/// <summary>Collects sections in reading order, tracking headings and skipping blank text.</summary>
internal sealed class SectionListBuilder
{
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
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
        var clean = string.Join('\n', lines).Trim('\n');
        if (clean.Trim().Length > 0)
        {
            _sections.Add(new DocumentSection(clean, Headings.Current, page, kind));
        }
    }

    public ParsedDocument Build() => new(_sections.ToArray());

    public static string CollapseWhitespace(string text)
    {
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
}
