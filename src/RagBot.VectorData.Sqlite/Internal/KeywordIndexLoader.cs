using Microsoft.Data.Sqlite;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Reads one FTS5 table's postings into a <see cref="KeywordIndex"/>: the terms and their rows from an fts5vocab
/// 'instance' table (FTS5's own tokens, so porter/unicode61 stemming is SQLite's, not a re-implementation), the row
/// lengths from the FTS5 docsize table, and the collection's change counter, all in one read transaction (one WAL
/// snapshot), so the copy is exactly the committed state at that counter. SQLite stays the source of truth.
/// </summary>
internal static class KeywordIndexLoader
{
    public static async Task<KeywordIndex?> LoadAsync(SqliteConnection connection, long collectionId, string collectionName, string fts, CancellationToken cancellationToken)
    {
        var vocabulary = $"temp.{fts}_vi";
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE VIRTUAL TABLE IF NOT EXISTS {vocabulary} USING fts5vocab(main, {fts}, instance)";
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Deferred: a read transaction (the default BEGIN IMMEDIATE would take the write lock); its first SELECT fixes the snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);
        var entry = await CollectionCatalog.FindAsync(connection, collectionName, cancellationToken, transaction).ConfigureAwait(false);
        if (entry is null || entry.Id != collectionId)
        {
            return null;
        }

        var (rowIds, lengths) = await ReadLengthsAsync(connection, transaction, fts, cancellationToken).ConfigureAwait(false);
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        var termStarts = new List<int>();
        var rows = new List<int>();
        var frequencies = new List<ushort>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT term, doc FROM {vocabulary}";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            string? term = null;
            long doc = -1;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var rowTerm = reader.GetString(0);
                var rowDoc = reader.GetInt64(1);
                if (rowTerm != term)
                {
                    terms.Add(rowTerm, termStarts.Count);
                    termStarts.Add(rows.Count);
                    term = rowTerm;
                }
                else if (rowDoc == doc)
                {
                    if (frequencies[^1] == ushort.MaxValue)
                    {
                        return null;
                    }

                    frequencies[^1]++;
                    continue;
                }
                else if (rowDoc < doc)
                {
                    throw new InvalidOperationException($"fts5vocab returned rows of '{fts}' out of order.");
                }

                doc = rowDoc;
                var row = Array.BinarySearch(rowIds, rowDoc);
                if (row < 0)
                {
                    throw new InvalidOperationException($"'{fts}' indexes row {rowDoc} that its docsize table lacks.");
                }

                rows.Add(row);
                frequencies.Add(1);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        termStarts.Add(rows.Count);
        return new KeywordIndex(entry.Changes, new KeywordPostings(terms, [.. termStarts], [.. rows], [.. frequencies], rowIds, lengths));
    }

    /// <summary>Every indexed row id (ascending) and its length in tokens, as FTS5's bm25() reads it.</summary>
    private static async Task<(long[] RowIds, int[] Lengths)> ReadLengthsAsync(SqliteConnection connection, SqliteTransaction transaction, string fts, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT id, sz FROM {fts}_docsize ORDER BY id";
        var rowIds = new List<long>();
        var lengths = new List<int>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rowIds.Add(reader.GetInt64(0));
            lengths.Add((int)ReadDocSize((byte[])reader.GetValue(1)));
        }

        return ([.. rowIds], [.. lengths]);
    }

    /// <summary>
    /// A docsize row's length: the first value of its SQLite varint array (the table's only column), 7 bits a byte,
    /// big-endian, the 9th byte whole.
    /// </summary>
    public static ulong ReadDocSize(byte[] bytes)
    {
        ulong value = 0;
        for (var i = 0; i < bytes.Length && i < 9; i++)
        {
            if (i == 8)
            {
                return (value << 8) | bytes[i];
            }

            value = (value << 7) | (byte)(bytes[i] & 0x7f);
            if ((bytes[i] & 0x80) == 0)
            {
                return value;
            }
        }

        return value;
    }
}
