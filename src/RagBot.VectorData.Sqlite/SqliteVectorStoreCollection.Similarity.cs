using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Indexing;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

public sealed partial class SqliteVectorStoreCollection<TKey, TRecord> : IVectorSimilarityLookup<TKey>
{
    /// <summary>
    /// Scores the records' vectors from the in-memory index (one key-to-row query, no vector read from SQLite), with
    /// the float vectors also when the index is quantized: the score is what an exact vector search gives the row.
    /// </summary>
    public async Task<IReadOnlyDictionary<TKey, double>?> GetSimilaritiesAsync(
        IReadOnlyCollection<TKey> keys, ReadOnlyMemory<float> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var vector = model.GetVectorPropertyOrSingle(new VectorSearchOptions<TRecord>());
        RecordMapper.EnsureDimensions(vector, query.Length, Name);
        var scores = new Dictionary<TKey, double>(keys.Count);
        if (keys.Count == 0)
        {
            return scores;
        }

        var ordered = keys.ToList();
        return await RunAsync("GetSimilarities", async connection =>
        {
            var (bound, entry) = await ResolveAsync(connection, "GetSimilarities", cancellationToken).ConfigureAwait(false);
            var rows = await RowIdsOfAsync(connection, bound, ordered, cancellationToken).ConfigureAwait(false);
            var state = context.StateOf(bound.Id);
            for (var attempt = 0; attempt < FreshnessAttempts; attempt++)
            {
                await IndexLoader.EnsureFreshAsync(Database, state, bound, entry.Changes, context.Quantize, cancellationToken).ConfigureAwait(false);
                if (TryScore(state, entry.Changes, bound.ColumnOf(vector), query, rows, ordered, scores))
                {
                    return scores;
                }
            }

            throw new VectorStoreException($"Collection '{Name}' kept changing while its vector index was loading; retry the search.")
            {
                CollectionName = Name,
                OperationName = "GetSimilarities",
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Each key's row id, as (position in <paramref name="keys"/>, row id); keys without a row are left out.</summary>
    private static async Task<List<(int Position, long RowId)>> RowIdsOfAsync(
        SqliteConnection connection, CollectionSchema bound, List<TKey> keys, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT j.key, t.rid FROM json_each(@keys) j JOIN {bound.Table} t ON t.k = j.value";
        command.Parameters.AddWithValue("@keys", KeyJson.Serialize(keys.Select(k => SqliteValueCodec.ToDb(k)).ToArray()));
        var rows = new List<(int, long)>(keys.Count);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(((int)reader.GetInt64(0), reader.GetInt64(1)));
        }

        return rows;
    }

    private bool TryScore(
        CollectionIndexState state, long changes, string column, ReadOnlyMemory<float> query, List<(int Position, long RowId)> rows, List<TKey> keys, Dictionary<TKey, double> scores)
    {
        state.Lock.EnterReadLock();
        try
        {
            if (!state.IsFresh(changes))
            {
                return false;
            }

            var index = state.IndexOf(column);
            var prepared = index.PrepareQuery(query.Span, out var squaredNorm);
            var slots = new List<int>(rows.Count);
            var keyOfRow = new Dictionary<long, TKey>(rows.Count);
            foreach (var (position, rowId) in rows)
            {
                if (index.TryGetSlot(rowId, out var slot))
                {
                    slots.Add(slot);
                    keyOfRow[rowId] = keys[position];
                }
            }

            foreach (var hit in FilteredSearcher.Search(index, prepared, Math.Max(1, slots.Count), [.. slots], context.Tuning))
            {
                scores[keyOfRow[index.RowIdAt(hit.Slot)]] = index.Scoring.ToScore(hit.Score, squaredNorm);
            }

            return true;
        }
        finally
        {
            state.Lock.ExitReadLock();
        }
    }
}
