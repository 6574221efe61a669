using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Diagnostics;
using RagBot.Core.Indexing;

namespace RagBot.Retrieval;

/// <summary>
/// The two legs of one search (vector and BM25) against one collection with one filter and depth. Each round of
/// <see cref="HybridRanking"/> runs the legs it needs through <see cref="RunAsync"/>; a leg given no input does not run.
/// With <paramref name="Deferred"/> the legs rank without reading records: each hit's record is a placeholder that
/// carries only its key (<see cref="DeferredRecords"/> reads the records the retriever keeps). While the vector leg
/// scans, the keyword leg reads its best hits' records (<see cref="DeferredRecords.Prefetch"/>) on the other core.
/// </summary>
internal sealed record SearchLegs(
    VectorStoreCollection<Guid, DocumentChunk> Collection,
    IKeywordSearchable<DocumentChunk>? Keyword,
    System.Linq.Expressions.Expression<Func<DocumentChunk, bool>>? Filter,
    bool IncludeVectors,
    int Top,
    DeferredRecords? Deferred = null)
{
    /// <summary>
    /// The vector leg's hits for <paramref name="vector"/> and the keyword leg's for <paramref name="keywords"/>
    /// (empty for a leg given null). The legs are independent reads: the keyword leg runs while the vector leg is in flight.
    /// </summary>
    public async Task<(List<VectorSearchResult<DocumentChunk>> Vector, List<VectorSearchResult<DocumentChunk>> Keyword)> RunAsync(
        ReadOnlyMemory<float>? vector, ICollection<string>? keywords, CancellationToken cancellationToken)
    {
        Task<List<VectorSearchResult<DocumentChunk>>> vectorLeg = vector is { } query
            ? VectorLegAsync(query, cancellationToken)
            : Task.FromResult(new List<VectorSearchResult<DocumentChunk>>());
        if (keywords is null || Keyword is null)
        {
            return (await vectorLeg.ConfigureAwait(false), []);
        }

        List<VectorSearchResult<DocumentChunk>> keywordHits;
        try
        {
            keywordHits = await KeywordLegAsync(Keyword, keywords, prefetch: vector is not null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Wait for the vector leg and observe its failure (reading Exception), so it is not reported as an
            // unobserved task exception later; the keyword leg's error is the one raised.
            await Task.WhenAny(vectorLeg).ConfigureAwait(false);
            _ = vectorLeg.Exception;
            throw;
        }

        return (await vectorLeg.ConfigureAwait(false), keywordHits);
    }

    private async Task<List<VectorSearchResult<DocumentChunk>>> VectorLegAsync(ReadOnlyMemory<float> vector, CancellationToken cancellationToken)
    {
        // Yield first so the caller's keyword leg starts at once instead of after this leg's synchronous part.
        await Task.Yield();
        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.VectorLeg);
        if (Deferred is not null)
        {
            var keys = await Deferred.Store.SearchKeysAsync(vector, Top, Filter, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("ragbot.hits", keys.Count);
            return Placeholders(keys);
        }

        var options = new VectorSearchOptions<DocumentChunk> { Filter = Filter, IncludeVectors = IncludeVectors };
        var hits = await Collection.SearchAsync(vector, Top, options, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        activity?.SetTag("ragbot.hits", hits.Count);
        return hits;
    }

    private async Task<List<VectorSearchResult<DocumentChunk>>> KeywordLegAsync(
        IKeywordSearchable<DocumentChunk> keywordSearch, ICollection<string> keywords, bool prefetch, CancellationToken cancellationToken)
    {
        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.KeywordLeg);
        if (Deferred is not null)
        {
            var keys = await Deferred.Store.KeywordSearchKeysAsync(keywords, Top, Filter, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("ragbot.hits", keys.Count);
            if (prefetch)
            {
                // The vector leg's scan is the longer of the two: reading the records most likely kept meanwhile
                // takes them off the path that follows the fusion (the legs used to read all their records in parallel).
                await Deferred.ReadAsync(keys.Take(Deferred.Prefetch).Select(k => k.Key), cancellationToken).ConfigureAwait(false);
            }

            return Placeholders(keys);
        }

        var options = new HybridSearchOptions<DocumentChunk> { Filter = Filter, IncludeVectors = IncludeVectors };
        var hits = await keywordSearch.KeywordSearchAsync(keywords, Top, options, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        activity?.SetTag("ragbot.hits", hits.Count);
        return hits;
    }

    /// <summary>
    /// Hits whose records hold only their key: the fusion needs nothing else (document aggregation would, so it never
    /// runs on them: <see cref="HybridRetriever"/>), and the retriever reads the records it keeps.
    /// </summary>
    private static List<VectorSearchResult<DocumentChunk>> Placeholders(IReadOnlyList<RankedKey<Guid>> keys) =>
        keys.Select(hit => new VectorSearchResult<DocumentChunk>(new DocumentChunk { Id = hit.Key }, hit.Score)).ToList();
}
