using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

public sealed partial class SqliteVectorStoreCollection<TKey, TRecord>
{
    /// <summary>
    /// Keyword-only search: the hybrid search's FTS5 BM25 leg alone (filtered), best first. The score is the
    /// reciprocal of the rank, so it is comparable to nothing but the order of the results.
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
            var records = await FetchByRowIdsAsync(connection, bound, page, options.IncludeVectors, cancellationToken);
            return page.Select((row, rank) => (row, rank))
                .Where(hit => records.ContainsKey(hit.row))
                .Select(hit => new VectorSearchResult<TRecord>(records[hit.row], 1.0 / (options.Skip + hit.rank + 1)))
                .ToList();
        }, cancellationToken);
        foreach (var result in results)
        {
            yield return result;
        }
    }
}
