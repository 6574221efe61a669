using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Turns query words into the FTS5 tokens the in-memory keyword index is keyed by, with SQLite's own tokenizer (a
/// connection-local FTS5 table in the temp schema and its fts5vocab view), so stemming and case/diacritic folding are
/// exactly what the stored rows went through. Words are cached: a query's words are usually seen before.
/// </summary>
internal sealed class QueryTokenizer
{
    private const int MaxCachedWords = 100_000;

    /// <summary>
    /// Longer words are tokenized per query, not cached: real words are short, and caching whatever a caller sends
    /// let 10,000 questions of one new 8,000-character word each hold 306 MB.
    /// </summary>
    private const int MaxCachedWordLength = 64;

    private readonly ConcurrentDictionary<string, string?> tokens = new(StringComparer.Ordinal);

    // The pooled connections (native handles) whose temp schema already holds the two tables: creating them "if not
    // exists" on every call was two of its five statements.
    private static readonly ConditionalWeakTable<sqlite3, object> WithTables = new();

    /// <summary>
    /// Each word's single token, in order, or null when some word is not exactly one token (FTS5 would match it as a
    /// multi-token phrase, which the postings do not answer: the caller asks FTS5 instead).
    /// </summary>
    public async Task<List<string>?> TokenizeAsync(SqliteConnection connection, IReadOnlyList<string> words, string tokenizer, CancellationToken cancellationToken)
    {
        var missing = words.Where(word => !tokens.ContainsKey(word)).Distinct(StringComparer.Ordinal).ToList();
        var learned = missing.Count > 0
            ? await LearnAsync(connection, missing, tokenizer, cancellationToken).ConfigureAwait(false)
            : null;

        var result = new List<string>(words.Count);
        foreach (var word in words)
        {
            // Words learned by this call are looked up there: long ones are not cached, and another query may have
            // cleared the cache meanwhile (a word found in neither sends the query to FTS5, which is still correct).
            string? token = null;
            if (learned is null || !learned.TryGetValue(word, out token))
            {
                tokens.TryGetValue(word, out token);
            }

            if (token is null)
            {
                return null;
            }

            result.Add(token);
        }

        return result;
    }

    private async Task<Dictionary<string, string?>> LearnAsync(SqliteConnection connection, List<string> words, string tokenizer, CancellationToken cancellationToken)
    {
        var handle = connection.Handle!;
        Dictionary<long, List<string>> found;
        if (WithTables.TryGetValue(handle, out _))
        {
            try
            {
                found = await ReadTokensAsync(connection, words, "", cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (StoreDatabase.IsMissingTable(ex))
            {
                // Not expected (the pool keeps a connection's temp schema), and harmless: create them again below.
                found = await ReadTokensAsync(connection, words, CreateTables(tokenizer), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            found = await ReadTokensAsync(connection, words, CreateTables(tokenizer), cancellationToken).ConfigureAwait(false);
            WithTables.AddOrUpdate(handle, tokenizer);
        }

        if (tokens.Count + words.Count > MaxCachedWords)
        {
            tokens.Clear();
        }

        var learned = new Dictionary<string, string?>(words.Count, StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            var token = found.TryGetValue(i + 1, out var list) && list.Count == 1 ? list[0] : null;
            learned[words[i]] = token;
            if (words[i].Length <= MaxCachedWordLength)
            {
                tokens[words[i]] = token;
            }
        }

        return learned;
    }

    private static string CreateTables(string tokenizer) =>
        $"CREATE VIRTUAL TABLE IF NOT EXISTS temp.ragbot_query_words USING fts5(w, tokenize='{tokenizer}');" +
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.ragbot_query_tokens USING fts5vocab(temp, ragbot_query_words, instance);";

    /// <summary>Each word's tokens by its position + 1, through the temp tables (created first by <paramref name="create"/>).</summary>
    private static async Task<Dictionary<long, List<string>>> ReadTokensAsync(
        SqliteConnection connection, List<string> words, string create, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = create +
            "DELETE FROM temp.ragbot_query_words;" +
            "INSERT INTO temp.ragbot_query_words(rowid, w) SELECT key + 1, value FROM json_each(@words);" +
            "SELECT doc, term FROM temp.ragbot_query_tokens;";
        command.Parameters.AddWithValue("@words", KeyJson.Serialize(words.Cast<object>().ToArray()));
        var found = new Dictionary<long, List<string>>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var doc = reader.GetInt64(0);
            if (!found.TryGetValue(doc, out var list))
            {
                found[doc] = list = [];
            }

            list.Add(reader.GetString(1));
        }

        return found;
    }

    /// <summary>Words held in the cache (for tests of its bounds).</summary>
    public int CachedWords => tokens.Count;
}
