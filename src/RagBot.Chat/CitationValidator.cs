using System.Text.RegularExpressions;

namespace RagBot.Chat;

/// <summary>
/// Makes citations trustworthy: keeps the [n] markers that point at a source that was given, removes the
/// others, and reports which sources the answer actually cites.
/// </summary>
public static partial class CitationValidator
{
    public static (string Answer, IReadOnlyList<int> Cited) Validate(string answer, int sourceCount)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var cited = new SortedSet<int>();
        var cleaned = Marker().Replace(answer, match =>
        {
            var kept = match.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries)
                .Select(n => int.TryParse(n, out var i) ? i : 0)
                .Where(i => i >= 1 && i <= sourceCount)
                .Distinct()
                .ToList();
            cited.UnionWith(kept);
            return kept.Count == 0 ? "" : string.Concat(kept.Select(i => $"[{i}]"));
        });
        return (SpaceBeforePunctuation().Replace(DoubleSpace().Replace(cleaned, " "), "$1").Trim(), cited.ToList());
    }

    [GeneratedRegex(@"\[(\d+(?:\s*,\s*\d+)*)\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex DoubleSpace();

    [GeneratedRegex(@"\s+([.,;:!?])")]
    private static partial Regex SpaceBeforePunctuation();
}
