using Microsoft.Extensions.VectorData;

namespace RagBot.Core.Indexing;

/// <summary>
/// Keyword-only (BM25) search over a collection: the keyword leg of hybrid retrieval, run on its own so that
/// retrieval fuses the two legs itself, with one formula on every store (see <c>RagBot.Retrieval.HybridRanking</c>).
/// MEVD has no abstraction for it (only <see cref="IKeywordHybridSearchable{TRecord}"/>, which fuses inside the
/// store), so it is a capability a store's collection declares beside <see cref="VectorStoreCollection{TKey, TRecord}"/>,
/// the way MEVD's own optional capabilities are declared.
/// </summary>
/// <typeparam name="TRecord">The record type of the collection.</typeparam>
public interface IKeywordSearchable<TRecord>
    where TRecord : class
{
    /// <summary>
    /// The records best matching <paramref name="keywords"/>, best first, filtered by <see cref="HybridSearchOptions{TRecord}.Filter"/>.
    /// Scores are the store's BM25 scores: higher is better, comparable across the hits of one query only.
    /// </summary>
    IAsyncEnumerable<VectorSearchResult<TRecord>> KeywordSearchAsync(
        ICollection<string> keywords, int top, HybridSearchOptions<TRecord>? options = null, CancellationToken cancellationToken = default);
}
