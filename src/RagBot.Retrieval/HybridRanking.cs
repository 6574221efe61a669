using System.Collections.ObjectModel;
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
    /// <summary>
    /// The <paramref name="top"/> best chunks for <paramref name="mode"/>, best first, and each one's cosine to the
    /// query. With pseudo-relevance feedback on (<see cref="RetrievalOptions.VectorFeedbackDepth"/>,
    /// <see cref="RetrievalOptions.KeywordFeedbackDepth"/>) a second round re-runs the fed-back legs with the
    /// rewritten question and ranks again; the cosines returned stay those of the question itself (the gate's).
    /// </summary>
    public static async Task<RankedChunks> SearchAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection,
        RetrievalMode mode,
        ReadOnlyMemory<float> queryVector,
        ICollection<string> keywords,
        System.Linq.Expressions.Expression<Func<DocumentChunk, bool>>? filter,
        int top,
        RetrievalOptions options,
        DeferredRecords? records,
        CancellationToken cancellationToken)
    {
        var keywordSearch = collection as IKeywordSearchable<DocumentChunk>;
        if (mode == RetrievalMode.Keyword && keywordSearch is null)
        {
            throw new NotSupportedException("Keyword-only retrieval is not available on this vector store; use Hybrid or Vector.");
        }

        var lookup = queryVector.Length > 0 ? collection as IVectorSimilarityLookup<Guid> : null;

        // A store without a keyword index (any other MEVD connector) has no second leg to fuse.
        var legs = new SearchLegs(collection, mode == RetrievalMode.Vector ? null : keywordSearch, filter, IncludeVectors: lookup is null, top, records);
        var runVector = mode != RetrievalMode.Keyword;
        var (vectorHits, keywordHits) = await legs.RunAsync(runVector ? queryVector : (ReadOnlyMemory<float>?)null, legs.Keyword is null ? null : keywords, cancellationToken).ConfigureAwait(false);
        var similarities = await SimilaritiesAsync(collection, lookup, queryVector, vectorHits, keywordHits, ReadOnlyDictionary<Guid, double>.Empty, cancellationToken).ConfigureAwait(false);
        var ranked = Rank(vectorHits, keywordHits, legs.Keyword is not null && runVector, similarities, options);

        var vectorFeedback = runVector && options.VectorFeedbackDepth > 0 && queryVector.Length > 0;
        var keywordFeedback = legs.Keyword is not null && options.KeywordFeedbackDepth > 0 && keywords.Count > 0;
        if (ranked.Count == 0 || (!vectorFeedback && !keywordFeedback))
        {
            var hits = ranked.Take(top).ToList();
            return new RankedChunks(hits, similarities, hits);
        }

        ReadOnlyMemory<float>? movedVector = null;
        List<string>? expandedKeywords = null;
        using (RagBotTelemetry.Source.StartActivity(RagBotSpans.Feedback))
        {
            // Deferred, the ranked hits carry only keys: the feedback chunks are the first ones whose records exist
            // (what the legs' own record read would have left at the top).
            var depth = Math.Max(vectorFeedback ? options.VectorFeedbackDepth : 0, keywordFeedback ? options.KeywordFeedbackDepth : 0);
            var best = records is null
                ? ranked.Take(depth).Select(h => h.Record).ToList()
                : await records.FirstAsync(ranked.ConvertAll(h => h.Record.Id), depth, cancellationToken).ConfigureAwait(false);
            if (vectorFeedback)
            {
                var feedback = await VectorsOfAsync(collection, best.Take(options.VectorFeedbackDepth).ToList(), cancellationToken).ConfigureAwait(false);
                movedVector = RelevanceFeedback.MoveToward(queryVector, feedback, options.VectorFeedbackWeight);
            }

            if (keywordFeedback)
            {
                var texts = best.Take(options.KeywordFeedbackDepth).Select(h => h.Text).ToList();
                expandedKeywords = RelevanceFeedback.ExpandKeywords([.. keywords], texts, options.KeywordFeedbackTerms, options.KeywordFeedbackQueryRepeats);
            }
        }

        // Second round: only the fed-back legs run again; the other keeps its first-round hits.
        var (movedHits, expandedHits) = await legs.RunAsync(movedVector, expandedKeywords, cancellationToken).ConfigureAwait(false);
        vectorHits = movedVector is not null ? movedHits : vectorHits;
        keywordHits = expandedKeywords is not null ? expandedHits : keywordHits;
        // The fusion needs every candidate's cosine to the vector searched: the moved one, or the question's
        // (then only the chunks new to this round are scored).
        var rankingSimilarities = movedVector is { } moved
            ? await SimilaritiesAsync(collection, lookup, moved, vectorHits, keywordHits, ReadOnlyDictionary<Guid, double>.Empty, cancellationToken).ConfigureAwait(false)
            : await SimilaritiesAsync(collection, lookup, queryVector, [], keywordHits, similarities, cancellationToken).ConfigureAwait(false);
        var reranked = Rank(vectorHits, keywordHits, legs.Keyword is not null && runVector, rankingSimilarities, options).Take(top).ToList();
        var questionSimilarities = await SimilaritiesAsync(collection, lookup, queryVector, [], reranked, similarities, cancellationToken).ConfigureAwait(false);
        return new RankedChunks(reranked, questionSimilarities, ranked.Take(top).ToList());
    }

    /// <summary>
    /// The legs fused (hybrid), or the one leg that ran (vector, keyword, or a store without a keyword index), then
    /// ordered by document when <see cref="RetrievalOptions.SecondChunkWeight"/> is set.
    /// </summary>
    private static List<VectorSearchResult<DocumentChunk>> Rank(
        List<VectorSearchResult<DocumentChunk>> vectorHits, List<VectorSearchResult<DocumentChunk>> keywordHits, bool fuse, Dictionary<Guid, double> similarities, RetrievalOptions options)
    {
        if (!fuse)
        {
            return DocumentAggregation.Apply(vectorHits.Count > 0 ? vectorHits : keywordHits, options.SecondChunkWeight);
        }

        using var fusion = RagBotTelemetry.Source.StartActivity(RagBotSpans.Fusion);
        var fused = options.Fusion == HybridFusion.Rrf
            ? WeightedRankFusion.Fuse(vectorHits, keywordHits, options.RrfK, options.VectorWeight, options.KeywordWeight)
            : ConvexScoreFusion.Fuse(vectorHits, keywordHits, record => similarities.GetValueOrDefault(record.Id), options.VectorWeight, options.KeywordWeight, options.Normalization);
        return DocumentAggregation.Apply(fused, options.SecondChunkWeight);
    }

    /// <summary>The feedback chunks' vectors: carried by the records when the store returns them, else read by key (a few rows).</summary>
    private static async Task<List<ReadOnlyMemory<float>>> VectorsOfAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection, List<DocumentChunk> records, CancellationToken cancellationToken)
    {
        if (records.TrueForAll(r => r.Embedding.Length > 0))
        {
            return records.ConvertAll(r => r.Embedding);
        }

        var vectors = new List<ReadOnlyMemory<float>>(records.Count);
        await foreach (var record in collection.GetAsync(records.Select(r => r.Id), new RecordRetrievalOptions { IncludeVectors = true }, cancellationToken).ConfigureAwait(false))
        {
            vectors.Add(record.Embedding);
        }

        return vectors;
    }

    /// <summary>
    /// Every candidate's cosine to the query (none without a query vector), starting from those already
    /// <paramref name="known"/>. The vector leg's scores are its hits' cosines; the store scores the other hits (<see cref="IVectorSimilarityLookup{TKey}"/>), or, for a store that
    /// cannot, their records carry their vectors.
    /// </summary>
    private static async Task<Dictionary<Guid, double>> SimilaritiesAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection,
        IVectorSimilarityLookup<Guid>? lookup,
        ReadOnlyMemory<float> queryVector,
        List<VectorSearchResult<DocumentChunk>> vectorHits,
        List<VectorSearchResult<DocumentChunk>> otherHits,
        IReadOnlyDictionary<Guid, double> known,
        CancellationToken cancellationToken)
    {
        var similarities = new Dictionary<Guid, double>(known);
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
