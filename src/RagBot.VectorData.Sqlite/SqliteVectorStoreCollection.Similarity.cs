using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Indexing;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

public sealed partial class SqliteVectorStoreCollection<TKey, TRecord> : IVectorSimilarityLookup<TKey>
{
    /// <summary>
    /// Scores the records' vectors from the in-memory index, with the float vectors also when the index is quantized:
    /// the score is what an exact vector search gives the row. Keys are found in the index's key map; only keys it
    /// cannot name (rows without a vector, or gone) are looked up in SQLite, to be sure they have no score.
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
        if (ordered.Any(key => key is null))
        {
            throw new ArgumentException("Keys cannot be null.", nameof(keys));
        }

        return await RunAsync("GetSimilarities", async connection =>
        {
            var (bound, entry) = await ResolveAsync(connection, "GetSimilarities", cancellationToken).ConfigureAwait(false);
            var state = context.StateOf(bound.Id);
            Dictionary<int, long>? rowIdsRead = null;
            for (var attempt = 0; attempt < FreshnessAttempts;)
            {
                await IndexLoader.EnsureFreshAsync(Database, state, bound, entry.Changes, context.Quantize, cancellationToken).ConfigureAwait(false);
                var unnamed = TryScore(state, entry.Changes, bound.ColumnOf(vector), query, ordered, rowIdsRead, scores);
                if (unnamed is null)
                {
                    attempt++;
                }
                else if (unnamed.Count == 0)
                {
                    return scores;
                }
                else
                {
                    // Once: with their row ids read, every key is either named or known to have no vector here.
                    rowIdsRead = await RowIdsOfAsync(connection, bound, ordered, unnamed, cancellationToken).ConfigureAwait(false);
                }
            }

            throw new VectorStoreException($"Collection '{Name}' kept changing while its vector index was loading; retry the search.")
            {
                CollectionName = Name,
                OperationName = "GetSimilarities",
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row ids of the keys at <paramref name="positions"/>, by position; keys without a row are left out.</summary>
    private static async Task<Dictionary<int, long>> RowIdsOfAsync(
        SqliteConnection connection, CollectionSchema bound, List<TKey> keys, List<int> positions, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT j.key, t.rid FROM json_each(@keys) j JOIN {bound.Table} t ON t.k = j.value";
        command.Parameters.AddWithValue("@keys", KeyJson.Serialize(positions.Select(p => SqliteValueCodec.ToDb(keys[p])).ToArray()));
        var rows = new Dictionary<int, long>(positions.Count);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows[positions[(int)reader.GetInt64(0)]] = reader.GetInt64(1);
        }

        return rows;
    }

    /// <summary>
    /// Scores every key the index can name (from its key map, else from <paramref name="rowIdsRead"/> when given) and
    /// returns an empty list; or, before scoring anything, the positions of the keys it cannot name when no row ids
    /// were read yet; or null when the index is not at <paramref name="changes"/> (bring it up to date and retry).
    /// </summary>
    private List<int>? TryScore(
        CollectionIndexState state, long changes, string column, ReadOnlyMemory<float> query, List<TKey> keys,
        Dictionary<int, long>? rowIdsRead, Dictionary<TKey, double> scores)
    {
        state.Lock.EnterReadLock();
        try
        {
            if (!state.IsFresh(changes))
            {
                return null;
            }

            var index = state.IndexOf(column);
            var slots = new List<int>(keys.Count);
            var keyOfSlot = new Dictionary<int, TKey>(keys.Count);
            var unnamed = new List<int>();
            for (var position = 0; position < keys.Count; position++)
            {
                var key = keys[position]!;
                var slot = -1;
                var named = index.TryGetSlotOfKey(key, out slot)
                            || (rowIdsRead is not null && rowIdsRead.TryGetValue(position, out var rowId) && index.TryGetSlot(rowId, out slot));
                if (named)
                {
                    // Two keys naming one row (a dynamic collection's Guid and its string): the later one answers for it.
                    if (!keyOfSlot.ContainsKey(slot))
                    {
                        slots.Add(slot);
                    }

                    keyOfSlot[slot] = key;
                }
                else if (rowIdsRead is null)
                {
                    unnamed.Add(position);
                }
            }

            if (unnamed.Count > 0)
            {
                return unnamed;
            }

            var prepared = index.PrepareQuery(query.Span, out var squaredNorm);
            foreach (var hit in FilteredSearcher.Search(index, prepared, Math.Max(1, slots.Count), [.. slots], context.Tuning))
            {
                scores[keyOfSlot[hit.Slot]] = index.Scoring.ToScore(hit.Score, squaredNorm);
            }

            return [];
        }
        finally
        {
            state.Lock.ExitReadLock();
        }
    }
}
