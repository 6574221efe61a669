namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Cuts a large Markdown text before top-level ATX headings ("# Title" at column 0, outside fenced code) into
/// segments of at least <see cref="MinSegmentChars"/> characters, so the parser holds one segment's syntax tree
/// at a time: Markdig's tree of a 30 MB file is several times the file. Such a heading ends any paragraph, list or
/// quote, so each segment parses as it would inside the whole text; only a reference link whose definition lies in
/// another segment stays plain text. No cut falls inside a fenced code block or an HTML comment. Texts shorter than
/// two segments are not cut.
/// </summary>
internal static class MarkdownSegments
{
    public const int MinSegmentChars = 1 << 20;

    public static IEnumerable<ReadOnlyMemory<char>> Split(string markdown, int minSegmentChars = MinSegmentChars)
    {
        var start = 0;
        var line = 0;
        var fence = "";
        var inComment = false;
        while (line < markdown.Length)
        {
            var next = markdown.IndexOf('\n', line);
            next = next < 0 ? markdown.Length : next + 1;
            var text = markdown.AsSpan(line, next - line).TrimEnd("\r\n");
            if (fence.Length > 0)
            {
                fence = text.TrimStart().StartsWith(fence, StringComparison.Ordinal) && text.TrimStart().TrimStart(fence[0]).IsWhiteSpace() ? "" : fence;
            }
            else if (inComment || OpensComment(text))
            {
                // An HTML comment runs to its "-->", headings inside it included: never cut one in two.
                var rest = inComment ? text : text[(text.IndexOf("<!--", StringComparison.Ordinal) + 4)..];
                inComment = !rest.Contains("-->", StringComparison.Ordinal);
            }
            else if (FenceOf(text) is { Length: > 0 } opened)
            {
                fence = opened;
            }
            else if (line - start >= minSegmentChars && markdown.Length - line >= minSegmentChars && IsTopLevelAtxHeading(text))
            {
                yield return markdown.AsMemory(start, line - start);
                start = line;
            }

            line = next;
        }

        yield return markdown.AsMemory(start);
    }

    /// <summary>The fence a line opens (``` or ~~~, three or more, indented at most three spaces), or "".</summary>
    private static string FenceOf(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart(' ');
        if (line.Length - trimmed.Length > 3 || trimmed.Length < 3 || (trimmed[0] != '`' && trimmed[0] != '~'))
        {
            return "";
        }

        var length = trimmed.Length - trimmed.TrimStart(trimmed[0]).Length;
        return length >= 3 ? new string(trimmed[0], length) : "";
    }

    private static bool OpensComment(ReadOnlySpan<char> line) => line.Contains("<!--", StringComparison.Ordinal);

    private static bool IsTopLevelAtxHeading(ReadOnlySpan<char> line)
    {
        var hashes = line.Length - line.TrimStart('#').Length;
        return hashes is >= 1 and <= 6 && (line.Length == hashes || line[hashes] is ' ' or '\t');
    }
}
