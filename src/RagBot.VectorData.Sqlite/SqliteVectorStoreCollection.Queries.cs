using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using RagBot.Core.Diagnostics;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

public sealed partial class SqliteVectorStoreCollection<TKey, TRecord>
{
    private const int FreshnessAttempts = 4;

    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip);
        var records = await RunAsync("Get", async connection =>
        {
            var (bound, _) = await ResolveAsync(connection, "Get", cancellationToken).ConfigureAwait(false);
            var where = SqliteFilterTranslator.Translate(filter, bound);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {RecordMapper.SelectList(bound, options.IncludeVectors)} FROM {bound.Table} " +
                                  $"WHERE {where.Sql} ORDER BY {OrderBy(bound, options)} LIMIT @top OFFSET @skip";
            where.AddTo(command);
            command.Parameters.AddWithValue("@top", top);
            command.Parameters.AddWithValue("@skip", options.Skip);
            return await ReadRecordsAsync(command, bound, options.IncludeVectors, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            yield return record;
        }
    }

    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip);
        var vector = model.GetVectorPropertyOrSingle(options);
        var query = await ToQueryVectorAsync(searchValue, vector, cancellationToken).ConfigureAwait(false);
        var results = await RunAsync("Search", async connection =>
        {
            var (bound, entry) = await ResolveAsync(connection, "Search", cancellationToken).ConfigureAwait(false);
            var filter = SqliteFilterTranslator.Translate(options.Filter, bound);
            // top + skip saturates: an overflowing sum asks for every row (it used to return none), as the keyword leg reads it.
            var depth = (int)Math.Min(int.MaxValue, (long)top + options.Skip);
            var hits = await VectorLegAsync(connection, bound, entry, vector, query, depth, filter, cancellationToken).ConfigureAwait(false);
            var scoring = VectorScoring.For(CollectionSchema.DistanceOf(vector));
            var kept = hits.Where(h => scoring.Passes(h.Score, options.ScoreThreshold)).Skip(options.Skip).ToList();
            var records = await FetchByRowIdsAsync(connection, bound, kept.Select(h => h.RowId), filter, options.IncludeVectors, cancellationToken).ConfigureAwait(false);
            return kept.Where(h => records.ContainsKey(h.RowId)).Select(h => new VectorSearchResult<TRecord>(records[h.RowId], h.Score)).ToList();
        }, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            yield return result;
        }
    }

    /// <summary>Ranks rows by vector similarity (best first) with caller-facing scores, restricted by the filter.</summary>
    private async Task<List<VectorHit>> VectorLegAsync(
        SqliteConnection connection, CollectionSchema bound, CatalogEntry entry, VectorPropertyModel vector, ReadOnlyMemory<float> query, int depth,
        SqlFilter filter, CancellationToken cancellationToken)
    {
        var rowFilter = ReferenceEquals(filter, SqlFilter.None) ? null : await PassingRowsAsync(connection, bound, entry, filter, cancellationToken).ConfigureAwait(false);
        var state = context.StateOf(bound.Id);
        var changes = entry.Changes;
        for (var attempt = 0; attempt < FreshnessAttempts; attempt++)
        {
            await IndexLoader.EnsureFreshAsync(Database, state, bound, changes, context.Quantize, cancellationToken).ConfigureAwait(false);
            var hits = SearchLoadedIndex(state, changes, bound.ColumnOf(vector), query, depth, rowFilter);
            if (hits is not null)
            {
                return hits;
            }
        }

        throw new VectorStoreException($"Collection '{Name}' kept changing while its vector index was loading; retry the search.")
        {
            CollectionName = Name,
            OperationName = "Search",
        };
    }

    private List<VectorHit>? SearchLoadedIndex(
        CollectionIndexState state, long changes, string column, ReadOnlyMemory<float> query, int depth, PassingRowSet? rowFilter)
    {
        state.Lock.EnterReadLock();
        try
        {
            if (!state.IsFresh(changes))
            {
                return null;
            }

            var index = state.IndexOf(column);
            var prepared = index.PrepareQuery(query.Span, out var squaredNorm);
            var found = rowFilter is null
                ? ExactSearcher.Search(index, prepared, depth, context.Tuning)
                : FilteredSearcher.Search(index, prepared, depth, rowFilter.SlotsIn(index, state.SyncedChanges), context.Tuning);
            return found.Select(h => new VectorHit(index.RowIdAt(h.Slot), index.Scoring.ToScore(h.Score, squaredNorm), index.KeyAt(h.Slot))).ToList();
        }
        finally
        {
            state.Lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The records of the ranked rows that still pass <paramref name="filter"/>. The rows were selected in an earlier
    /// snapshot: a row re-tagged to another tenant since (a document re-uploaded with other tags) would otherwise come
    /// back with that tenant's content, so the filter is checked again on the row as it is read.
    /// </summary>
    private static async Task<Dictionary<long, TRecord>> FetchByRowIdsAsync(
        SqliteConnection connection, CollectionSchema bound, IEnumerable<long> rowIds, SqlFilter filter, bool includeVectors, CancellationToken cancellationToken)
    {
        var ids = rowIds.Select(id => (object)id).ToList();
        var records = new Dictionary<long, TRecord>(ids.Count);
        if (ids.Count == 0)
        {
            return records;
        }

        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.RecordFetch);
        activity?.SetTag("ragbot.records", ids.Count);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RecordMapper.SelectList(bound, includeVectors)} FROM {bound.Table} WHERE rid IN (SELECT value FROM json_each(@ids)) AND ({filter.Sql})";
        command.Parameters.AddWithValue("@ids", KeyJson.Serialize(ids));
        filter.AddTo(command);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records[reader.GetInt64(0)] = RecordMapper.Read<TRecord>(reader, bound, includeVectors);
        }

        return records;
    }

    private async Task<ReadOnlyMemory<float>> ToQueryVectorAsync<TInput>(TInput searchValue, VectorPropertyModel vector, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<float> query = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            Embedding<float> embedding => embedding.Vector,
            _ when vector.EmbeddingGenerator is not null =>
                ((Embedding<float>)await vector.GenerateEmbeddingAsync(searchValue!, cancellationToken).ConfigureAwait(false)).Vector,
            _ => throw new NotSupportedException(
                $"Search input of type {typeof(TInput).Name} is not supported by collection '{Name}': pass {SqliteModelBuilder.SupportedVectorTypes}, " +
                "or configure an embedding generator on the vector property."),
        };
        RecordMapper.EnsureDimensions(vector, query.Length, Name);
        return query;
    }

    private string OrderBy(CollectionSchema bound, FilteredRecordRetrievalOptions<TRecord> options)
    {
        if (options.OrderBy is null)
        {
            return CollectionSchema.RowIdColumn;
        }

        var definition = options.OrderBy(new FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition());
        var terms = definition.Values
            .Select(sort => $"{bound.ColumnOf(model.GetDataOrKeyProperty(sort.PropertySelector))} {(sort.Ascending ? "ASC" : "DESC")}")
            .Append(CollectionSchema.RowIdColumn);
        return string.Join(", ", terms);
    }

    /// <summary>A ranked row, with its record key when the in-memory index knows it.</summary>
    private readonly record struct VectorHit(long RowId, double Score, object? Key = null);
}
