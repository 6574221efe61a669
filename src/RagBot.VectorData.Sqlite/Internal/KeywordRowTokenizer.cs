using Microsoft.Data.Sqlite;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Tokenizes written rows exactly as a collection's FTS5 table did: SQLite's own FTS5 with the same tokenize= options,
/// in a private in-memory database (a contentless table and its fts5vocab 'instance' view), so the terms, their
/// frequencies and the row lengths (its docsize table) are FTS5's, not a re-implementation. The rows are inserted in
/// a transaction that is rolled back, leaving the table empty for the next call. One connection, one caller at a time.
/// </summary>
internal sealed class KeywordRowTokenizer : IDisposable
{
    private readonly Lock gate = new();
    private SqliteConnection? connection;

    /// <summary>
    /// Each row as FTS5 indexes it (rows FTS5 keeps no size for are left out, as the postings hold none of them).
    /// Synchronous: in-memory work, run under the collection's write gate.
    /// </summary>
    public List<KeywordRow> Tokenize(IReadOnlyList<(long RowId, object Text)> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        lock (gate)
        {
            var open = Open();
            using var transaction = open.BeginTransaction();
            using (var insert = open.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO written(rowid, c) VALUES (@r, @c)";
                var rowId = insert.Parameters.Add(new SqliteParameter { ParameterName = "@r" });
                var text = insert.Parameters.Add(new SqliteParameter { ParameterName = "@c" });
                foreach (var row in rows)
                {
                    // The value as the table stored it (no declared type: text stays text, a number or blob stays so),
                    // which is what the table's trigger handed to FTS5.
                    rowId.Value = row.RowId;
                    text.Value = row.Text;
                    insert.ExecuteNonQuery();
                }
            }

            var lengths = new Dictionary<long, int>(rows.Count);
            var terms = new Dictionary<long, Dictionary<string, int>>(rows.Count);
            using (var read = open.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = "SELECT id, sz FROM written_docsize; SELECT doc, term FROM written_tokens;";
                using var reader = read.ExecuteReader();
                while (reader.Read())
                {
                    lengths[reader.GetInt64(0)] = (int)KeywordIndexLoader.ReadDocSize((byte[])reader.GetValue(1));
                }

                reader.NextResult();
                while (reader.Read())
                {
                    var doc = reader.GetInt64(0);
                    if (!terms.TryGetValue(doc, out var counts))
                    {
                        terms[doc] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                    }

                    var term = reader.GetString(1);
                    counts[term] = counts.GetValueOrDefault(term) + 1;
                }
            }

            transaction.Rollback();
            return [.. lengths.Select(length => new KeywordRow(
                length.Key,
                length.Value,
                terms.TryGetValue(length.Key, out var counts) ? [.. counts.Select(pair => (pair.Key, pair.Value))] : []))];
        }
    }

    private SqliteConnection Open()
    {
        if (connection is not null)
        {
            return connection;
        }

        var opened = new SqliteConnection("Data Source=:memory:");
        opened.Open();
        using var create = opened.CreateCommand();
        create.CommandText =
            $"CREATE VIRTUAL TABLE written USING fts5(c, content='', tokenize='{CollectionSql.Tokenizer}');" +
            "CREATE VIRTUAL TABLE written_tokens USING fts5vocab(written, instance);";
        create.ExecuteNonQuery();
        connection = opened;
        return opened;
    }

    public void Dispose()
    {
        lock (gate)
        {
            connection?.Dispose();
            connection = null;
        }
    }
}

/// <summary>A row as FTS5 indexed it: its length in tokens (as docsize records it) and each distinct term's frequency.</summary>
internal sealed record KeywordRow(long RowId, int Length, (string Term, int Frequency)[] Terms);
