using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Diagnostics;
using RagBot.Core.Indexing;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

/// <summary>
/// Rank first, read later: both legs rank from memory (vectors and keyword postings) and name their hits by the keys
/// kept beside the vectors, so no row is read until the caller asks for the few records it keeps. Reading a row costs
/// ~10 µs (mostly its page: rows of 4-5 KB in 16 KB pages), ranking one costs well under a microsecond.
/// </summary>
public sealed partial class SqliteVectorStoreCollection<TKey, TRecord> : IDeferredRecordSearch<TKey, TRecord>
{
    public async Task<IReadOnlyList<RankedKey<TKey>>> SearchKeysAsync(
        ReadOnlyMemory<float> vector, int top, Expression<Func<TRecord, bool>>? filter, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var property = model.GetVectorPropertyOrSingle(new VectorSearchOptions<TRecord>());
        RecordMapper.EnsureDimensions(property, vector.Length, Name);
        return await RunAsync("Search", async connection =>
        {
            var (bound, entry) = await ResolveAsync(connection, "Search", cancellationToken).ConfigureAwait(false);
            var where = SqliteFilterTranslator.Translate(filter, bound);
            var hits = await VectorLegAsync(connection, bound, entry, property, vector, top, where, cancellationToken).ConfigureAwait(false);
            return await NameAsync(connection, bound, hits, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RankedKey<TKey>>> KeywordSearchKeysAsync(
        ICollection<string> keywords, int top, Expression<Func<TRecord, bool>>? filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var text = model.GetFullTextDataPropertyOrSingle<TRecord>(null);
        return await RunAsync("KeywordSearch", async connection =>
        {
            var (bound, entry) = await ResolveAsync(connection, "KeywordSearch", cancellationToken).ConfigureAwait(false);
            var rows = await KeywordLegAsync(connection, bound, entry, text, keywords, top, filter, cancellationToken).ConfigureAwait(false);
            var hits = KeysFromMemory(bound, rows.Take(top).ToList());
            return await NameAsync(connection, bound, hits, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TRecord>> GetPassingAsync(
        IReadOnlyCollection<TKey> keys, Expression<Func<TRecord, bool>>? filter, bool includeVectors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        var keyValues = keys.Select(k => SqliteValueCodec.ToDb(k)).ToArray();
        return await RunAsync("Get", async connection =>
        {
            // The search legs that ranked these keys looked the collection up in the catalog a moment ago: its bound
            // table is read without a third catalog query per chat. Ids are never reused and dropping a collection
            // drops its table, so the table still existing means the name still names it; when it is gone, the
            // lookup below binds whatever the name names now (or reports that it no longer exists), as before.
            if (schema is { } known)
            {
                try
                {
                    return await ReadPassingAsync(connection, known, keyValues, filter, includeVectors, cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException ex) when (StoreDatabase.IsMissingTable(ex))
                {
                }
            }

            var (bound, _) = await ResolveAsync(connection, "Get", cancellationToken).ConfigureAwait(false);
            return await ReadPassingAsync(connection, bound, keyValues, filter, includeVectors, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<TRecord>> ReadPassingAsync(
        SqliteConnection connection, CollectionSchema bound, object[] keyValues, Expression<Func<TRecord, bool>>? filter, bool includeVectors,
        CancellationToken cancellationToken)
    {
        var where = SqliteFilterTranslator.Translate(filter, bound);
        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.RecordFetch);
        activity?.SetTag("ragbot.records", keyValues.Length);
        using var command = connection.CreateCommand();

        // The filter is checked on the row as it is read: the keys were ranked in an earlier snapshot.
        command.CommandText = $"SELECT {RecordMapper.SelectList(bound, includeVectors)} FROM {bound.Table} " +
                              $"WHERE {CollectionSchema.KeyColumn} IN (SELECT value FROM json_each(@keys)) AND ({where.Sql})";
        command.Parameters.AddWithValue("@keys", KeyJson.Serialize(keyValues));
        where.AddTo(command);
        return await ReadRecordsAsync(command, bound, includeVectors, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The keyword leg's rows with the keys the in-memory vector index holds for them. The index is not loaded for
    /// this (a keyword-only process would pay for every vector to name a few rows): hybrid search and the similarity
    /// lookup load it, and until then the keys are read by rowid.
    /// </summary>
    private List<VectorHit> KeysFromMemory(CollectionSchema bound, List<(long RowId, double Score)> rows)
    {
        var hits = rows.ConvertAll(row => new VectorHit(row.RowId, row.Score));
        if (rows.Count == 0 || model.VectorProperties.Count == 0)
        {
            return hits;
        }

        var state = context.StateOf(bound.Id);
        state.Lock.EnterReadLock();
        try
        {
            if (!state.IsLoaded)
            {
                return hits;
            }

            // Any loaded index will do, fresh or not: a row's key is the same in all of them and never changes
            // (rows written since are not there and are named by rowid; deleted ones are skipped when read).
            var indexes = model.VectorProperties.Select(v => state.IndexOf(bound.ColumnOf(v))).ToList();
            for (var i = 0; i < hits.Count; i++)
            {
                foreach (var index in indexes)
                {
                    if (index.TryGetSlot(hits[i].RowId, out var slot) && index.KeyAt(slot) is { } key)
                    {
                        hits[i] = hits[i] with { Key = key };
                        break;
                    }
                }
            }
        }
        finally
        {
            state.Lock.ExitReadLock();
        }

        return hits;
    }

    /// <summary>
    /// The hits as keys, in their order: the keys known in memory as they are, the others (rows without a vector,
    /// or written since the index was brought up to date) read by rowid. Rows deleted since are left out.
    /// </summary>
    private static async Task<List<RankedKey<TKey>>> NameAsync(
        SqliteConnection connection, CollectionSchema bound, List<VectorHit> hits, CancellationToken cancellationToken)
    {
        var read = new Dictionary<long, TKey>();
        var unknown = hits.Where(h => h.Key is null).Select(h => (object)h.RowId).ToList();
        if (unknown.Count > 0)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {CollectionSchema.RowIdColumn}, {CollectionSchema.KeyColumn} FROM {bound.Table} " +
                                  $"WHERE {CollectionSchema.RowIdColumn} IN (SELECT value FROM json_each(@ids))";
            command.Parameters.AddWithValue("@ids", KeyJson.Serialize(unknown));
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                read[reader.GetInt64(0)] = (TKey)SqliteValueCodec.FromDb(reader, 1, bound.Model.KeyProperty.Type)!;
            }
        }

        var named = new List<RankedKey<TKey>>(hits.Count);
        foreach (var hit in hits)
        {
            if (hit.Key is TKey key)
            {
                named.Add(new RankedKey<TKey>(key, hit.Score));
            }
            else if (read.TryGetValue(hit.RowId, out var readKey))
            {
                named.Add(new RankedKey<TKey>(readKey, hit.Score));
            }
        }

        return named;
    }
}
