using System.Text;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Builds an FTS5 MATCH expression that ORs every word of the keywords, each quoted so no FTS syntax leaks in.
/// A repeated word stays repeated: FTS5's bm25() sums over the query's phrases, so a word asked twice weighs twice
/// (BM25's query term frequency, as Lucene's query parser gives it).
/// </summary>
internal static class KeywordQuery
{
    public static string? Build(IEnumerable<string> keywords)
    {
        var terms = new List<string>();
        foreach (var keyword in keywords)
        {
            if (string.IsNullOrWhiteSpace(keyword))
            {
                continue;
            }

            var word = new StringBuilder();
            foreach (var ch in keyword + " ")
            {
                if (char.IsLetterOrDigit(ch))
                {
                    word.Append(ch);
                }
                else if (word.Length > 0)
                {
                    terms.Add($"\"{word}\"");
                    word.Clear();
                }
            }
        }

        return terms.Count == 0 ? null : string.Join(" OR ", terms);
    }
}
