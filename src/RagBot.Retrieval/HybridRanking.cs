using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Diagnostics;
using RagBot.Core.Indexing;

namespace RagBot.Retrieval;

/// <summary>
/// The one place where chunks are ranked, with one meaning on every store: each store runs the two legs alone
/// (its vector search, and its BM25 search through <see cref="IKeywordSearchable{TRecord}"/>), and the legs are
/// fused here by <see cref="RetrievalOptions.Fusion"/> with <see cref="RetrievalOptions.VectorWeight"/>,
/// <see cref="RetrievalOptions.KeywordWeight"/> and <see cref="RetrievalOptions.RrfK"/>. No store fuses on its own,
/// so a setting means the same on SQLite and on Qdrant. A store that scores vectors itself
/// (<see cref="IVectorSimilarityLookup{TKey}"/>) gives every candidate's cosine without returning any vector.
/// </summary>
internal static class HybridRanking
{
    /// <summary>The <paramref name="top"/> best chunks for <paramref name="mode"/>, best first, and each one's cosine to the query.</summary>
    public static async Task<RankedChunks> SearchAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection,
        RetrievalMode mode,
        ReadOnlyMemory<float> queryVector,
        ICollection<string> keywords,
        System.Linq.Expressions.Expression<Func<DocumentChunk, bool>>? filter,
        int top,
        RetrievalOptions options,
        CancellationToken cancellationToken)
    {
        var keywordSearch = collection as IKeywordSearchable<DocumentChunk>;
        var lookup = queryVector.Length > 0 ? collection as IVectorSimilarityLookup<Guid> : null;

        // Vectors travel with the records only when the store cannot score them itself.
        var includeVectors = lookup is null;
        var keywordOptions = new HybridSearchOptions<DocumentChunk> { Filter = filter, IncludeVectors = includeVectors };
        if (mode == RetrievalMode.Keyword)
        {
            if (keywordSearch is null)
            {
                throw new NotSupportedException("Keyword-only retrieval is not available on this vector store; use Hybrid or Vector.");
            }

            var hits = await KeywordLegAsync(keywordSearch, keywords, keywordOptions, top, cancellationToken).ConfigureAwait(false);
            return new RankedChunks(hits, await SimilaritiesAsync(collection, lookup, queryVector, [], hits, cancellationToken).ConfigureAwait(false));
        }

        var vectorLeg = VectorLegAsync(collection, queryVector, new VectorSearchOptions<DocumentChunk> { Filter = filter, IncludeVectors = includeVectors }, top, cancellationToken);
        if (mode == RetrievalMode.Vector || keywordSearch is null)
        {
            // A store without a keyword index (any other MEVD connector) has no second leg to fuse.
            var hits = await vectorLeg.ConfigureAwait(false);
            return new RankedChunks(hits, await SimilaritiesAsync(collection, lookup, queryVector, hits, [], cancellationToken).ConfigureAwait(false));
        }

        // The legs are independent reads: the keyword leg runs while the vector leg is in flight.
        List<VectorSearchResult<DocumentChunk>> keywordHits;
        try
        {
            keywordHits = await KeywordLegAsync(keywordSearch, keywords, keywordOptions, top, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Wait for the vector leg and observe its failure (reading Exception), so it is not reported as an
            // unobserved task exception later; the keyword leg's error is the one raised.
            await Task.WhenAny(vectorLeg).ConfigureAwait(false);
            _ = vectorLeg.Exception;
            throw;
        }

        var vectorHits = await vectorLeg.ConfigureAwait(false);
        var similarities = await SimilaritiesAsync(collection, lookup, queryVector, vectorHits, keywordHits, cancellationToken).ConfigureAwait(false);
        using var fusion = RagBotTelemetry.Source.StartActivity(RagBotSpans.Fusion);
        var fused = options.Fusion == HybridFusion.Rrf
            ? WeightedRankFusion.Fuse(vectorHits, keywordHits, options.RrfK, options.VectorWeight, options.KeywordWeight)
            : ConvexScoreFusion.Fuse(vectorHits, keywordHits, record => similarities.GetValueOrDefault(record.Id), options.VectorWeight, options.KeywordWeight, options.Normalization);
        return new RankedChunks(fused.Take(top).ToList(), similarities);
    }

    private static async Task<List<VectorSearchResult<DocumentChunk>>> VectorLegAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection, ReadOnlyMemory<float> queryVector, VectorSearchOptions<DocumentChunk> options, int top, CancellationToken cancellationToken)
    {
        // Yield first so the caller's keyword leg starts at once instead of after this leg's synchronous part.
        await Task.Yield();
        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.VectorLeg);
        var hits = await collection.SearchAsync(queryVector, top, options, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        activity?.SetTag("ragbot.hits", hits.Count);
        return hits;
    }

    private static async Task<List<VectorSearchResult<DocumentChunk>>> KeywordLegAsync(
        IKeywordSearchable<DocumentChunk> keywordSearch, ICollection<string> keywords, HybridSearchOptions<DocumentChunk> options, int top, CancellationToken cancellationToken)
    {
        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.KeywordLeg);
        var hits = await keywordSearch.KeywordSearchAsync(keywords, top, options, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        activity?.SetTag("ragbot.hits", hits.Count);
        return hits;
    }

    /// <summary>
    /// Every candidate's cosine to the query (none without a query vector). The vector leg's scores are its hits'
    /// cosines; the store scores the other hits (<see cref="IVectorSimilarityLookup{TKey}"/>), or, for a store that
    /// cannot, their records carry their vectors.
    /// </summary>
    private static async Task<Dictionary<Guid, double>> SimilaritiesAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection,
        IVectorSimilarityLookup<Guid>? lookup,
        ReadOnlyMemory<float> queryVector,
        List<VectorSearchResult<DocumentChunk>> vectorHits,
        List<VectorSearchResult<DocumentChunk>> otherHits,
        CancellationToken cancellationToken)
    {
        var similarities = new Dictionary<Guid, double>();
        if (queryVector.Length == 0)
        {
            return similarities;
        }

        if (lookup is null)
        {
            foreach (var hit in vectorHits.Concat(otherHits))
            {
                similarities.TryAdd(hit.Record.Id, ConvexScoreFusion.CosineOf(hit.Record, queryVector));
            }

            return similarities;
        }

        foreach (var hit in vectorHits)
        {
            similarities.TryAdd(hit.Record.Id, hit.Score ?? 0);
        }

        var missing = otherHits.Select(h => h.Record.Id).Where(id => !similarities.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var scored = await lookup.GetSimilaritiesAsync(missing, queryVector, cancellationToken).ConfigureAwait(false)
                ?? await ReadSimilaritiesAsync(collection, missing, queryVector, cancellationToken).ConfigureAwait(false);
            foreach (var (id, similarity) in scored)
            {
                similarities[id] = similarity;
            }
        }

        return similarities;
    }

    private static async Task<IReadOnlyDictionary<Guid, double>> ReadSimilaritiesAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection, List<Guid> ids, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken)
    {
        var similarities = new Dictionary<Guid, double>(ids.Count);
        await foreach (var record in collection.GetAsync(ids, new RecordRetrievalOptions { IncludeVectors = true }, cancellationToken).ConfigureAwait(false))
        {
            similarities[record.Id] = ConvexScoreFusion.CosineOf(record, queryVector);
        }

        return similarities;
    }
}
