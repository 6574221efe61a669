namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Splits keywords into words (runs of letters and digits) and builds the FTS5 MATCH expression that ORs them, each
/// quoted so no FTS syntax leaks in. A repeated word stays repeated: FTS5's bm25() sums over the query's phrases, so a
/// word asked twice weighs twice (BM25's query term frequency, as Lucene's query parser gives it). The in-memory
/// keyword index scores the same words, so both paths see one query.
/// </summary>
internal static class KeywordQuery
{
    public static List<string> Words(IEnumerable<string> keywords)
    {
        var words = new List<string>();
        foreach (var keyword in keywords)
        {
            if (string.IsNullOrWhiteSpace(keyword))
            {
                continue;
            }

            var start = -1;
            for (var i = 0; i <= keyword.Length; i++)
            {
                var inWord = i < keyword.Length && char.IsLetterOrDigit(keyword[i]);
                if (inWord && start < 0)
                {
                    start = i;
                }
                else if (!inWord && start >= 0)
                {
                    words.Add(keyword[start..i]);
                    start = -1;
                }
            }
        }

        return words;
    }

    public static string? Build(IReadOnlyList<string> words) =>
        words.Count == 0 ? null : string.Join(" OR ", words.Select(word => $"\"{word}\""));
}
