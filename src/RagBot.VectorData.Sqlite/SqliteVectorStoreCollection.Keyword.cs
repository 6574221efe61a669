using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

public sealed partial class SqliteVectorStoreCollection<TKey, TRecord>
{
    /// <summary>
    /// Keyword-only search: the hybrid search's FTS5 BM25 leg alone (filtered), best first. The score is the BM25
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
            var (bound, _) = await ResolveAsync(connection, "KeywordSearch", cancellationToken);
            var rows = await KeywordLegAsync(connection, bound, text, keywords, top + options.Skip, SqliteFilterTranslator.Translate(options.Filter, bound, "t."), cancellationToken);
            var page = rows.Skip(options.Skip).Take(top).ToList();
            var records = await FetchByRowIdsAsync(connection, bound, page.Select(hit => hit.RowId), options.IncludeVectors, cancellationToken);
            return page.Where(hit => records.ContainsKey(hit.RowId))
                .Select(hit => new VectorSearchResult<TRecord>(records[hit.RowId], hit.Score))
                .ToList();
        }, cancellationToken);
        foreach (var result in results)
        {
            yield return result;
        }
    }
}
