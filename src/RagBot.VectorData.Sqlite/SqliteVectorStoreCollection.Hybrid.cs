using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

public sealed partial class SqliteVectorStoreCollection<TKey, TRecord>
{
    /// <summary>
    /// Hybrid search: FTS5 BM25 over the full-text property and the vector leg, each filtered, fused by reciprocal
    /// rank fusion (score = sum of 1 / (k + rank), k from <see cref="SqliteVectorStoreOptions.RrfK"/>; higher is better).
    /// </summary>
    public async IAsyncEnumerable<VectorSearchResult<TRecord>> HybridSearchAsync<TInput>(
        TInput searchValue, ICollection<string> keywords, int top, HybridSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TInput : notnull
    {
        await foreach (var hit in HybridSearchWithDetailsAsync(searchValue, keywords, top, options, cancellationToken))
        {
            yield return new VectorSearchResult<TRecord>(hit.Record, hit.Score);
        }
    }

    /// <summary>Like <see cref="HybridSearchAsync"/>, also reporting the vector similarity and each leg's rank.</summary>
    public async IAsyncEnumerable<SqliteHybridSearchResult<TRecord>> HybridSearchWithDetailsAsync<TInput>(
        TInput searchValue, ICollection<string> keywords, int top, HybridSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TInput : notnull
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip);
        var vector = model.GetVectorPropertyOrSingle(new VectorSearchOptions<TRecord> { VectorProperty = options.VectorProperty });
        var text = model.GetFullTextDataPropertyOrSingle(options.AdditionalProperty);
        var query = await ToQueryVectorAsync(searchValue, vector, cancellationToken);
        var depth = Math.Max(top + options.Skip, context.Options.HybridCandidates);
        var results = await RunAsync("HybridSearch", async connection =>
        {
            var (bound, entry) = await ResolveAsync(connection, "HybridSearch", cancellationToken);
            var vectorHits = await VectorLegAsync(connection, bound, entry, vector, query, depth, SqliteFilterTranslator.Translate(options.Filter, bound), cancellationToken);
            var keywordHits = (await KeywordLegAsync(connection, bound, text, keywords, depth, SqliteFilterTranslator.Translate(options.Filter, bound, "t."), cancellationToken))
                .ConvertAll(hit => hit.RowId);
            var fused = Fuse(vectorHits, keywordHits, context.Options.RrfK)
                .Where(h => options.ScoreThreshold is not { } threshold || h.Score >= threshold)
                .Skip(options.Skip)
                .Take(top)
                .ToList();
            var records = await FetchByRowIdsAsync(connection, bound, fused.Select(h => h.RowId), options.IncludeVectors, cancellationToken);
            return fused.Where(h => records.ContainsKey(h.RowId))
                .Select(h => new SqliteHybridSearchResult<TRecord>(records[h.RowId], h.Score, h.VectorScore, h.VectorRank, h.KeywordRank))
                .ToList();
        }, cancellationToken);
        foreach (var result in results)
        {
            yield return result;
        }
    }

    /// <summary>The keyword leg, best first: each row with its BM25 score (FTS5's bm25() negated, so higher is better).</summary>
    private static async Task<List<(long RowId, double Score)>> KeywordLegAsync(
        SqliteConnection connection, CollectionSchema bound, DataPropertyModel text, IEnumerable<string> keywords, int depth, SqlFilter filter,
        CancellationToken cancellationToken)
    {
        var match = KeywordQuery.Build(keywords);
        if (match is null)
        {
            return [];
        }

        var fts = bound.FtsTableOf(text);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {fts}.rowid, bm25({fts}) FROM {fts} JOIN {bound.Table} t ON t.rid = {fts}.rowid " +
                              $"WHERE {fts} MATCH @match AND {filter.Sql} ORDER BY bm25({fts}) LIMIT @depth";
        command.Parameters.AddWithValue("@match", match);
        command.Parameters.AddWithValue("@depth", depth);
        filter.AddTo(command);
        var rows = new List<(long RowId, double Score)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt64(0), -reader.GetDouble(1)));
        }

        return rows;
    }

    private static IEnumerable<FusedHit> Fuse(List<VectorHit> vectorHits, List<long> keywordHits, int k)
    {
        var fused = new Dictionary<long, FusedHit>();
        for (var i = 0; i < vectorHits.Count; i++)
        {
            var hit = vectorHits[i];
            fused[hit.RowId] = new FusedHit(hit.RowId, 1.0 / (k + i + 1), hit.Score, i + 1, null);
        }

        for (var i = 0; i < keywordHits.Count; i++)
        {
            var contribution = 1.0 / (k + i + 1);
            fused[keywordHits[i]] = fused.TryGetValue(keywordHits[i], out var existing)
                ? existing with { Score = existing.Score + contribution, KeywordRank = i + 1 }
                : new FusedHit(keywordHits[i], contribution, null, null, i + 1);
        }

        return fused.Values
            .OrderByDescending(h => h.Score)
            .ThenBy(h => Math.Min(h.VectorRank ?? int.MaxValue, h.KeywordRank ?? int.MaxValue))
            .ThenBy(h => h.RowId);
    }

    private sealed record FusedHit(long RowId, double Score, double? VectorScore, int? VectorRank, int? KeywordRank);
}
