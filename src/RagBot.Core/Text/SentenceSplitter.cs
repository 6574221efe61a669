using System.Text.RegularExpressions;

namespace RagBot.Core.Text;

/// <summary>Splits text into sentences; a line break also ends a sentence (list items, table rows).</summary>
public static partial class SentenceSplitter
{
    /// <summary>The sentence spans of <paramref name="text"/>: together they cover it exactly, in order.</summary>
    public static IReadOnlyList<Range> SplitRanges(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ranges = new List<Range>();
        var start = 0;
        foreach (Match boundary in Boundary().Matches(text))
        {
            var end = boundary.Index + boundary.Length;
            if (end > start)
            {
                ranges.Add(start..end);
                start = end;
            }
        }

        if (start < text.Length)
        {
            ranges.Add(start..text.Length);
        }

        return ranges;
    }

    /// <summary>Trimmed sentences without list markers, shorter than 3 characters dropped.</summary>
    public static IEnumerable<string> Split(string text)
    {
        foreach (var range in SplitRanges(text))
        {
            var sentence = ListMarker().Replace(text[range].Trim(), "");
            if (sentence.Length >= 3)
            {
                yield return sentence;
            }
        }
    }

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z0-9""'(\[])|\n+")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"^([-*+•]|\d+[.)])\s+")]
    private static partial Regex ListMarker();
}
