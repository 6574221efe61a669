using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chat;
using RagBot.Core.Chunks;
using RagBot.Core.Diagnostics;
using RagBot.Core.Documents;
using RagBot.Core.Embeddings;
using RagBot.Core.Errors;
using RagBot.Core.Indexing;
using RagBot.Core.Text;

namespace RagBot.Retrieval;

/// <summary>
/// Finds the chunks that answer a question: embeds it, runs hybrid search (vector + BM25, fused by score or by
/// rank in <see cref="HybridRanking"/>) in the active index with the tag filter inside the store query, then drops chunks of
/// replaced document versions, near-duplicates and chunks below the relevance threshold. On a store that ranks
/// without reading records (<see cref="IDeferredRecordSearch{TKey, TRecord}"/>) only the records kept are read, in rank
/// order (<see cref="DeferredSelection"/>); the chunks returned are the same.
/// </summary>
public sealed class HybridRetriever
{
    private readonly IChunkCollectionProvider _collections;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly IDocumentCatalog _catalog;
    private readonly RetrievalOptions _options;
    private readonly IEmbedderCatalog? _embedders;
    private readonly RelevanceGate _gate;
    private readonly TermSignatureCache _signatures = new();

    public HybridRetriever(
        IChunkCollectionProvider collections,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        IDocumentCatalog catalog,
        IOptions<RetrievalOptions> options,
        IEmbedderCatalog? embedders = null,
        RelevanceGate? gate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _collections = collections;
        _embedder = embedder;
        _catalog = catalog;
        _options = options.Value;
        _embedders = embedders;
        _gate = gate ?? new RelevanceGate(options);
    }

    /// <summary>The relevant chunks, best first (empty when nothing reaches the relevance threshold).</summary>
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken) =>
        (await SearchIndexAsync(request, cancellationToken).ConfigureAwait(false)).Chunks;

    /// <summary>
    /// Like <see cref="RetrieveAsync"/>, and says how the chunks were found. Questions are embedded by the
    /// embedder that built the active index: the configured one, or while an upgrade's reindex runs, the previous
    /// one when this process can run it (<see cref="IEmbedderCatalog"/>); when it cannot, the search is keyword-only
    /// (labelled <see cref="RetrievalResult.KeywordOnly"/>) rather than comparing vectors of two models.
    /// </summary>
    public async Task<RetrievalResult> SearchIndexAsync(RetrievalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var topK = request.TopK ?? _options.TopK;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var index = await _collections.GetActiveIndexAsync(cancellationToken).ConfigureAwait(false);
        var embedder = index.MatchesConfiguredEmbedder ? _embedder : _embedders?.Find(index.EmbedderModelId, index.Dimensions);
        var mode = request.Mode ?? _options.Mode;
        if (embedder is null)
        {
            if (index.Collection is not IKeywordSearchable<DocumentChunk>)
            {
                throw new IndexMismatchException(
                    $"The active index was built with the embedder '{index.EmbedderModelId}', which differs from RagBot:Embeddings and cannot run here, " +
                    "and this vector store has no keyword-only search to serve it meanwhile. Wait for the reindex to finish (GET /api/admin/index) or run `ragbot reindex`.");
            }

            mode = RetrievalMode.Keyword;
        }

        ReadOnlyMemory<float> queryVector = default;
        if (embedder is not null)
        {
            using (RagBotTelemetry.Source.StartActivity(RagBotSpans.EmbedQuery))
            {
                queryVector = (await embedder.GenerateAsync([request.Query], EmbeddingRoles.Query(), cancellationToken).ConfigureAwait(false))[0].Vector;
            }
        }

        // Keyword-only has no cosine to gate on: the answerer's own evidence decides.
        var gate = embedder is null
            ? new GateThreshold(double.NegativeInfinity, 1)
            : await _gate.DecideAsync(index, embedder, request.MinRelevance ?? _options.MinRelevance, request.Tags, cancellationToken).ConfigureAwait(false);
        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.Retrieve);
        var filter = TagFilter.AllOf(request.Tags);
        var top = Math.Max(_options.Candidates, topK);
        var records = Deferrable(index.Collection, queryVector, mode, topK, top) is { } store ? new DeferredRecords(store, filter, DeferredSelection.BatchFor(topK)) : null;
        var (candidates, firstRound) = await SearchAsync(index.Collection, request.Query, filter, mode, queryVector, top, records, cancellationToken).ConfigureAwait(false);
        bool Relevant(RetrievedChunk c) => embedder is null || c.VectorSimilarity >= gate.MinRelevance;
        var relevant = records is null
            ? await SelectAsync(candidates, firstRound, Relevant, gate, topK, cancellationToken).ConfigureAwait(false)
            : await new DeferredSelection(records, _catalog, _signatures.Get, _options.DuplicateSimilarity)
                .SelectAsync(candidates, firstRound, Relevant, gate, topK, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("ragbot.candidates", candidates.Count);
        activity?.SetTag("ragbot.records-read", records?.ReadCount);
        activity?.SetTag("ragbot.results", relevant.Count);
        RagBotTelemetry.RetrievalDuration.Record(RagBotTelemetry.SecondsSince(started));
        return new RetrievalResult(relevant, KeywordOnly: embedder is null);
    }

    /// <summary>
    /// The store's rank-first, read-later search when this query can use it: the fusion must not need the records
    /// (document aggregation groups by document), and the candidates' cosines must come from the store's similarity
    /// lookup rather than from vectors the records carry. And some candidates must be able to stay unread: when one
    /// leg runs one round and the caller asks for as many chunks as it returns (the eval's keyword mode: 200 of 200),
    /// every record is read anyway, and the leg reads them in one statement.
    /// </summary>
    private IDeferredRecordSearch<Guid, DocumentChunk>? Deferrable(
        VectorStoreCollection<Guid, DocumentChunk> collection, ReadOnlyMemory<float> queryVector, RetrievalMode mode, int topK, int top)
    {
        var oneList = mode != RetrievalMode.Hybrid && _options.VectorFeedbackDepth <= 0 && _options.KeywordFeedbackDepth <= 0;
        return collection is IDeferredRecordSearch<Guid, DocumentChunk> store
               && _options.SecondChunkWeight <= 0
               && (queryVector.Length == 0 || collection is IVectorSimilarityLookup<Guid>)
               && !(oneList && topK >= top)
            ? store
            : null;
    }

    /// <summary>
    /// The candidates' records came with them: drops those of replaced document versions and near-duplicates (in rank
    /// order), judges the gate on what the question alone found, and keeps the first <paramref name="topK"/> relevant ones.
    /// </summary>
    private async Task<List<RetrievedChunk>> SelectAsync(
        List<RetrievedChunk> candidates, List<RetrievedChunk>? firstRound, Func<RetrievedChunk, bool> relevant, GateThreshold gate, int topK, CancellationToken cancellationToken)
    {
        var versions = await CurrentVersionsAsync(candidates.Concat(firstRound ?? []), cancellationToken).ConfigureAwait(false);
        List<RetrievedChunk> distinct;
        List<RetrievedChunk> gateEvidence;
        using (var deduplicate = RagBotTelemetry.Source.StartActivity(RagBotSpans.Deduplicate))
        {
            distinct = Distinct(Current(candidates, versions)).ToList();

            // Feedback re-ranks; whether the collection answers is judged on what the question alone found.
            gateEvidence = firstRound is null ? distinct : Distinct(Current(firstRound, versions)).ToList();
            deduplicate?.SetTag("ragbot.results", distinct.Count);
        }

        return RelevanceGate.IsSupported(gateEvidence, gate.MinRelevance, gate.Depth) ? distinct.Where(relevant).Take(topK).ToList() : [];
    }

    /// <summary>The ranked candidates, and the first round's when pseudo-relevance feedback ran a second one (else null).</summary>
    private async Task<(List<RetrievedChunk> Candidates, List<RetrievedChunk>? FirstRound)> SearchAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection, string query, System.Linq.Expressions.Expression<Func<DocumentChunk, bool>>? filter, RetrievalMode mode,
        ReadOnlyMemory<float> queryVector, int top, DeferredRecords? records, CancellationToken cancellationToken)
    {
        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.VectorSearch);
        activity?.SetTag("db.collection.name", collection.Name);
        var ranked = await HybridRanking.SearchAsync(collection, mode, queryVector, KeywordsOf(query), filter, top, _options, records, cancellationToken).ConfigureAwait(false);
        var candidates = Retrieved(ranked.Hits, ranked.Similarities);
        return (candidates, ReferenceEquals(ranked.FirstRound, ranked.Hits) ? null : Retrieved(ranked.FirstRound, ranked.Similarities));
    }

    private static List<RetrievedChunk> Retrieved(List<VectorSearchResult<DocumentChunk>> hits, IReadOnlyDictionary<Guid, double> similarities) =>
        hits.ConvertAll(hit =>
        {
            var similarity = similarities.GetValueOrDefault(hit.Record.Id);
            return new RetrievedChunk(hit.Record, hit.Score ?? similarity) { VectorSimilarity = similarity };
        });

    /// <summary>
    /// The query's informative words, unstemmed (the store's keyword index applies its own analysis). Repeats are
    /// kept: a word the question says twice is weighted twice by BM25 (query term frequency).
    /// </summary>
    private static List<string> KeywordsOf(string query) =>
        TextAnalyzer.Words(query).Where(w => !StopWords.Contains(w)).ToList();

    private async Task<IReadOnlyDictionary<string, string>> CurrentVersionsAsync(IEnumerable<RetrievedChunk> candidates, CancellationToken cancellationToken)
    {
        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.CatalogVersions);
        var ids = candidates.Select(c => c.Chunk.DocumentId).Distinct(StringComparer.Ordinal).ToList();
        activity?.SetTag("ragbot.documents", ids.Count);
        return await _catalog.GetCurrentVersionsAsync(ids, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<RetrievedChunk> Current(List<RetrievedChunk> candidates, IReadOnlyDictionary<string, string> versions) =>
        candidates.Where(c => versions.TryGetValue(c.Chunk.DocumentId, out var version) && version == c.Chunk.DocumentVersion);

    private IEnumerable<RetrievedChunk> Distinct(IEnumerable<RetrievedChunk> ranked)
    {
        var kept = new NearDuplicateFilter(_options.DuplicateSimilarity);
        foreach (var candidate in ranked)
        {
            if (kept.TryKeep(_signatures.Get(candidate.Chunk.Text)))
            {
                yield return candidate;
            }
        }
    }
}
