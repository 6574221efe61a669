using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Indexing;

namespace RagBot.Retrieval;

/// <summary>
/// The one place where chunks are ranked, with one meaning on every store: each store runs the two legs alone
/// (its vector search, and its BM25 search through <see cref="IKeywordSearchable{TRecord}"/>), and the legs are
/// fused here by <see cref="RetrievalOptions.Fusion"/> with <see cref="RetrievalOptions.VectorWeight"/>,
/// <see cref="RetrievalOptions.KeywordWeight"/> and <see cref="RetrievalOptions.RrfK"/>. No store fuses on its own,
/// so a setting means the same on SQLite and on Qdrant.
/// </summary>
internal static class HybridRanking
{
    /// <summary>The <paramref name="top"/> best chunks for <paramref name="mode"/>, best first.</summary>
    public static async Task<List<VectorSearchResult<DocumentChunk>>> SearchAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection,
        RetrievalMode mode,
        ReadOnlyMemory<float> queryVector,
        ICollection<string> keywords,
        HybridSearchOptions<DocumentChunk> filter,
        int top,
        RetrievalOptions options,
        CancellationToken cancellationToken)
    {
        var keywordSearch = collection as IKeywordSearchable<DocumentChunk>;
        if (mode == RetrievalMode.Keyword)
        {
            if (keywordSearch is null)
            {
                throw new NotSupportedException("Keyword-only retrieval is not available on this vector store; use Hybrid or Vector.");
            }

            return await keywordSearch.KeywordSearchAsync(keywords, top, filter, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var vectorHits = await collection.SearchAsync(queryVector, top, new VectorSearchOptions<DocumentChunk> { Filter = filter.Filter, IncludeVectors = true }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (mode == RetrievalMode.Vector || keywordSearch is null)
        {
            // A store without a keyword index (any other MEVD connector) has no second leg to fuse.
            return vectorHits;
        }

        var keywordHits = await keywordSearch.KeywordSearchAsync(keywords, top, filter, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        var fused = options.Fusion == HybridFusion.Rrf
            ? WeightedRankFusion.Fuse(vectorHits, keywordHits, options.RrfK, options.VectorWeight, options.KeywordWeight)
            : ConvexScoreFusion.Fuse(vectorHits, keywordHits, queryVector, options.VectorWeight, options.KeywordWeight, options.Normalization);
        return fused.Take(top).ToList();
    }
}
