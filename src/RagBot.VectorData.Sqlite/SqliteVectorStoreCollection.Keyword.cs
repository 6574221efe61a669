using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

public sealed partial class SqliteVectorStoreCollection<TKey, TRecord>
{
    /// <summary>
    /// Keyword-only search: FTS5 BM25 over the full-text property (filtered), best first; retrieval fuses it with the
    /// vector search itself (one formula on every store). The score is the BM25
    /// score (FTS5's bm25() negated: higher is better, 0 or more), comparable across the hits of one query only.
    /// </summary>
    public async IAsyncEnumerable<VectorSearchResult<TRecord>> KeywordSearchAsync(
        ICollection<string> keywords, int top, HybridSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip);
        var text = model.GetFullTextDataPropertyOrSingle(options.AdditionalProperty);
        var results = await RunAsync("KeywordSearch", async connection =>
        {
            var (bound, _) = await ResolveAsync(connection, "KeywordSearch", cancellationToken).ConfigureAwait(false);
            var rows = await KeywordLegAsync(connection, bound, text, keywords, top + options.Skip, SqliteFilterTranslator.Translate(options.Filter, bound, "t."), cancellationToken).ConfigureAwait(false);
            var page = rows.Skip(options.Skip).Take(top).ToList();
            var records = await FetchByRowIdsAsync(connection, bound, page.Select(hit => hit.RowId), options.IncludeVectors, cancellationToken).ConfigureAwait(false);
            return page.Where(hit => records.ContainsKey(hit.RowId))
                .Select(hit => new VectorSearchResult<TRecord>(records[hit.RowId], hit.Score))
                .ToList();
        }, cancellationToken).ConfigureAwait(false);
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
        using var command = connection.CreateCommand();

        // Unfiltered, FTS5 ranks alone: ORDER BY rank (bm25() by default) with the LIMIT inside the virtual table, and
        // no join that would read every matching row of the main table (text and vector pages) just to keep it. The
        // triggers keep the FTS index and the table in step, and the record fetch drops any row that is gone.
        command.CommandText = ReferenceEquals(filter, SqlFilter.None)
            ? $"SELECT rowid, rank FROM {fts} WHERE {fts} MATCH @match ORDER BY rank LIMIT @depth"
            : $"SELECT {fts}.rowid, bm25({fts}) FROM {fts} JOIN {bound.Table} t ON t.rid = {fts}.rowid " +
              $"WHERE {fts} MATCH @match AND {filter.Sql} ORDER BY bm25({fts}) LIMIT @depth";
        command.Parameters.AddWithValue("@match", match);
        command.Parameters.AddWithValue("@depth", depth);
        filter.AddTo(command);
        var rows = new List<(long RowId, double Score)>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((reader.GetInt64(0), -reader.GetDouble(1)));
        }

        return rows;
    }
}
