using System.Text;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Guards Markdig against the input shapes found to make it slow (measured with the pathological-input tests):
/// a long run without whitespace holding many link openers "](" takes quadratic time (160 KB of "[x](" took
/// minutes), so such runs, which are never real links, have their "](" turned into "] (" and read as plain text;
/// a line opening hundreds of nested lists or quotes ("- - - - ...") costs seconds before Markdig's own depth
/// limit fires, so it is refused up front; a paragraph with hundreds of unmatched "[" makes Markdig's bracket
/// handling slow too, so in such a block every "[" is escaped and read as plain text.
/// </summary>
internal static class MarkdownInputGuard
{
    private const int MinSuspiciousRunLength = 1024;
    private const int MaxLinkOpenersPerRun = 32;
    private const int MaxContainerMarkersPerLine = 64;
    private const int MaxUnmatchedBracketsPerBlock = 64;

    public static string Defuse(string markdown)
    {
        RejectDeepContainerLines(markdown);
        return EscapeUnmatchedBrackets(DefuseLinkOpenerRuns(markdown));
    }

    private static string DefuseLinkOpenerRuns(string markdown)
    {
        if (markdown.AsSpan().Count("](") <= MaxLinkOpenersPerRun)
        {
            return markdown; // no run can hold more openers than the whole text
        }

        StringBuilder? defused = null;
        var copied = 0;
        var runStart = 0;
        for (var i = 0; i <= markdown.Length; i++)
        {
            if (i < markdown.Length && !char.IsWhiteSpace(markdown[i]))
            {
                continue;
            }

            if (i - runStart >= MinSuspiciousRunLength && CountLinkOpeners(markdown.AsSpan(runStart, i - runStart)) > MaxLinkOpenersPerRun)
            {
                defused ??= new StringBuilder(markdown.Length + 1024);
                defused.Append(markdown, copied, runStart - copied);
                defused.Append(markdown.AsSpan(runStart, i - runStart).ToString().Replace("](", "] (", StringComparison.Ordinal));
                copied = i;
            }

            runStart = i + 1;
        }

        return defused is null ? markdown : defused.Append(markdown, copied, markdown.Length - copied).ToString();
    }

    /// <summary>Escapes every "[" of a block (lines up to a blank line) that opens far more brackets than it closes.</summary>
    private static string EscapeUnmatchedBrackets(string markdown)
    {
        if (markdown.AsSpan().Count('[') <= MaxUnmatchedBracketsPerBlock)
        {
            return markdown; // no block can leave more brackets open than the whole text opens
        }

        StringBuilder? escaped = null;
        var copied = 0;
        var blockStart = 0;
        var unmatched = 0;
        var lineStart = 0;
        for (var i = 0; i <= markdown.Length; i++)
        {
            var c = i < markdown.Length ? markdown[i] : '\n';
            if (c == '[')
            {
                unmatched++;
            }
            else if (c == ']')
            {
                unmatched--;
            }
            else if (c == '\n')
            {
                var blankLine = markdown.AsSpan(lineStart, i - lineStart).IsWhiteSpace();
                lineStart = i + 1;
                if (!blankLine && i < markdown.Length)
                {
                    continue;
                }

                if (unmatched > MaxUnmatchedBracketsPerBlock)
                {
                    escaped ??= new StringBuilder(markdown.Length + 1024);
                    escaped.Append(markdown, copied, blockStart - copied);
                    escaped.Append(markdown.AsSpan(blockStart, i - blockStart).ToString().Replace("[", "\\[", StringComparison.Ordinal));
                    copied = i;
                }

                blockStart = i;
                unmatched = 0;
            }
        }

        return escaped is null ? markdown : escaped.Append(markdown, copied, markdown.Length - copied).ToString();
    }

    private static int CountLinkOpeners(ReadOnlySpan<char> run)
    {
        var count = 0;
        int at;
        while ((at = run.IndexOf("](", StringComparison.Ordinal)) >= 0)
        {
            count++;
            run = run[(at + 2)..];
        }

        return count;
    }

    private static void RejectDeepContainerLines(string markdown)
    {
        var lineStart = 0;
        while (lineStart < markdown.Length)
        {
            var lineEnd = markdown.IndexOf('\n', lineStart);
            var line = markdown.AsSpan(lineStart, (lineEnd < 0 ? markdown.Length : lineEnd) - lineStart);
            if (CountContainerMarkers(markdown, lineStart) > MaxContainerMarkersPerLine && !IsThematicBreak(line))
            {
                throw ParserFailure.Unreadable(
                    $"The Markdown opens more than {MaxContainerMarkersPerLine} nested lists or quotes on one line; no real document does, so it was not parsed.");
            }

            lineStart = lineEnd < 0 ? markdown.Length : lineEnd + 1;
        }
    }

    /// <summary>A long "- - - - -" line is a horizontal rule, not nesting.</summary>
    private static bool IsThematicBreak(ReadOnlySpan<char> line) => line.Trim().TrimStart("-*_ \t\r").IsEmpty;

    /// <summary>How many list markers ("-", "*", "+", "1." or "1)") and quote markers ("&gt;") open the line.</summary>
    private static int CountContainerMarkers(string text, int position)
    {
        var count = 0;
        while (true)
        {
            while (position < text.Length && text[position] is ' ' or '\t')
            {
                position++;
            }

            if (position >= text.Length)
            {
                return count;
            }

            var c = text[position];
            var next = position + 1 < text.Length ? text[position + 1] : '\n';
            if (c == '>')
            {
                position++;
            }
            else if (c is '-' or '*' or '+' && next is ' ' or '\t')
            {
                position += 2;
            }
            else if (char.IsAsciiDigit(c))
            {
                var digitsEnd = position;
                while (digitsEnd < text.Length && digitsEnd - position < 9 && char.IsAsciiDigit(text[digitsEnd]))
                {
                    digitsEnd++;
                }

                var afterDelimiter = digitsEnd + 1 < text.Length ? text[digitsEnd + 1] : '\n';
                if (digitsEnd >= text.Length || text[digitsEnd] is not '.' and not ')' || afterDelimiter is not ' ' and not '\t')
                {
                    return count;
                }

                position = digitsEnd + 2;
            }
            else
            {
                return count;
            }

            count++;
        }
    }
}
