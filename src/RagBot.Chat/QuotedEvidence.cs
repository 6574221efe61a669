using System.Text.RegularExpressions;

namespace RagBot.Chat;

/// <summary>
/// Finds the text an answer quotes from one source: the answer is cut at its [n] markers, and each piece that cites
/// source n and occurs verbatim in that source's text is evidence. An extractive answer quotes whole sentences (a long
/// one shortened with "…"); a generative answer usually paraphrases, and then nothing is found.
/// </summary>
public static partial class QuotedEvidence
{
    private const int MinQuoteLength = 12;

    /// <summary>The (start, length) spans of <paramref name="sourceText"/> that <paramref name="answer"/> quotes as [<paramref name="index"/>], in text order.</summary>
    public static IReadOnlyList<(int Start, int Length)> Find(string sourceText, string? answer, int index)
    {
        ArgumentNullException.ThrowIfNull(sourceText);
        var spans = new List<(int Start, int Length)>();
        if (string.IsNullOrEmpty(answer))
        {
            return spans;
        }

        var pieceStart = 0;
        var piece = "";
        foreach (Match marker in Marker().Matches(answer))
        {
            var between = answer[pieceStart..marker.Index];
            if (!string.IsNullOrWhiteSpace(between))
            {
                piece = between.Trim().TrimEnd('…').TrimEnd();
            }

            // A run of markers ("text [1][2]") cites the same text for each of them.
            pieceStart = marker.Index + marker.Length;
            if (piece.Length < MinQuoteLength || !Cites(marker, index))
            {
                continue;
            }

            var at = sourceText.IndexOf(piece, StringComparison.Ordinal);
            if (at >= 0 && !spans.Contains((at, piece.Length)))
            {
                spans.Add((at, piece.Length));
            }
        }

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        return spans;
    }

    private static bool Cites(Match marker, int index) =>
        marker.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries).Any(n => int.TryParse(n, out var i) && i == index);

    /// <summary>One marker or a run of adjacent ones ("[1][2]") closes a quoted piece.</summary>
    [GeneratedRegex(@"\[(\d+(?:\s*,\s*\d+)*)\]")]
    private static partial Regex Marker();
}
