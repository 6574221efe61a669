using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chat;
using RagBot.Core.Chunks;
using RagBot.Core.Embeddings;
using RagBot.Core.Indexing;

namespace RagBot.Retrieval;

/// <summary>
/// Decides found / not found for a question: the mean cosine of its most similar chunks (<see cref="PerIndexDepth"/>
/// by default) must reach a threshold calibrated for the active index. How close an unrelated question gets
/// depends on the index as much as on the model (a large, varied collection has a chunk near almost anything; three
/// guides have nothing near a cooking question), so one cosine per model cannot suit both. The threshold is computed
/// from shipped off-topic probe questions (<see cref="OffTopicProbes"/>): their high percentile plus a margin in units
/// of their spread, <c>p + GateSpread × (p − median)</c>, so the margin scales with the model's cosine range.
/// A percentile rather than the maximum keeps it stable when the collection happens to cover a probe's topic (CACM
/// has a paper on computing the date of Easter). Computed once per index generation and refreshed in the background
/// after <see cref="RetrievalOptions.GateRefreshSeconds"/> (documents come and go). A model whose calibration says its
/// cosine alone separates better (<see cref="RelevanceThresholds.PerIndexGate"/>), and an index with fewer chunks than
/// the gate's depth, fall back to the model's calibrated cosine (<see cref="RelevanceCalibration"/>).
/// </summary>
public sealed class RelevanceGate
{
    /// <summary>Chunks the per-index gate averages unless <see cref="RetrievalOptions.RelevanceDepth"/> is set (measured: docs/guide/chat.md).</summary>
    public const int PerIndexDepth = 3;

    /// <summary>
    /// Calibrations kept at most (one per generation and tag filter): filters come from clients, so the cache is
    /// bounded; when full it starts over and each filter is calibrated again at its next question.
    /// </summary>
    private const int MaxCalibrations = 1024;

    private readonly RetrievalOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Task<ReadOnlyMemory<float>[]>> _probeVectors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Calibration> _calibrations = new(StringComparer.Ordinal);

    public RelevanceGate(IOptions<RetrievalOptions> options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The threshold the last question was held to (diagnostics: <c>ragbot eval</c> reports it), null before any.</summary>
    public double? LastThreshold { get; private set; }

    /// <summary>
    /// The gate for a question on <paramref name="index"/> searched with <paramref name="embedder"/>: a configured
    /// <paramref name="fixedThreshold"/> (setting or request) wins; else the threshold calibrated on the index, on the
    /// mean of the best <see cref="PerIndexDepth"/> chunks; else (per-index gate off, a model that opts out, an index
    /// with too few chunks) the model's calibrated cosine on the best chunk, which is what it was measured on.
    /// <see cref="RetrievalOptions.RelevanceDepth"/>, when set, is the depth in every case. The probes search only
    /// the chunks the question's <paramref name="tags"/> filter lets it see (a scoped key's tenant): another tenant's
    /// documents must neither move this tenant's threshold nor be revealed by it.
    /// </summary>
    public async Task<GateThreshold> DecideAsync(
        ActiveIndex index, IEmbeddingGenerator<string, Embedding<float>> embedder, double? fixedThreshold, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(embedder);
        var model = RelevanceCalibration.For(index.EmbedderModelId);
        var fixedGate = new GateThreshold(fixedThreshold ?? model.MinRelevance, _options.RelevanceDepth ?? 1);
        if (fixedThreshold is not null || !_options.PerIndexGate || !model.PerIndexGate)
        {
            return Decided(fixedGate);
        }

        var depth = _options.RelevanceDepth ?? PerIndexDepth;
        var scope = tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var key = $"{index.GenerationId}|{index.Collection.Name}|{index.EmbedderModelId}|{depth}|{System.Text.Json.JsonSerializer.Serialize(scope)}";
        var now = _time.GetUtcNow();

        // A nearly empty index is probed again at each question (cheap: the first probe finds too few chunks) until it
        // has enough chunks to calibrate on.
        if (_calibrations.TryGetValue(key, out var cached) && cached.Threshold is { } threshold)
        {
            if (now - cached.At >= TimeSpan.FromSeconds(_options.GateRefreshSeconds) && cached.TryStartRefresh())
            {
                // Stale-while-revalidate: this question uses the last threshold, the next ones the refreshed one.
                _ = Task.Run(() => RefreshAsync(key, index, embedder, depth, scope, CancellationToken.None), CancellationToken.None);
            }

            return Decided(new GateThreshold(threshold, depth));
        }

        var calibration = await CalibrateAsync(index, embedder, depth, scope, cancellationToken).ConfigureAwait(false);
        if (_calibrations.Count >= MaxCalibrations)
        {
            _calibrations.Clear();
        }

        foreach (var retired in _calibrations.Keys.Where(k => !k.StartsWith($"{index.GenerationId}|", StringComparison.Ordinal)))
        {
            // Only the active generation is searched: a replaced one's threshold is never asked for again.
            _calibrations.TryRemove(retired, out _);
        }

        _calibrations[key] = calibration;
        return Decided(calibration.Threshold is { } calibrated ? new GateThreshold(calibrated, depth) : fixedGate);
    }

    private GateThreshold Decided(GateThreshold gate)
    {
        LastThreshold = gate.MinRelevance;
        return gate;
    }

    /// <summary>Whether the mean cosine of the <paramref name="depth"/> most similar chunks reaches <paramref name="minRelevance"/>.</summary>
    public static bool IsSupported(IEnumerable<RetrievedChunk> chunks, double minRelevance, int depth)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var best = chunks.Select(c => c.VectorSimilarity ?? 0).OrderDescending().Take(depth).ToList();
        return double.IsNegativeInfinity(minRelevance) || best.Count == 0 || best.Average() >= minRelevance;
    }

    /// <summary>The calibrated threshold from each probe's mean cosine over its best chunks, or null when the probes find nothing (empty index).</summary>
    internal static double? ThresholdOf(IReadOnlyList<double> probeScores, double percentile, double spread)
    {
        if (probeScores.Count == 0)
        {
            return null;
        }

        var sorted = probeScores.Order().ToList();
        var high = Percentile(sorted, percentile);
        return high + (spread * (high - Percentile(sorted, 0.5)));
    }

    private static double Percentile(List<double> sorted, double share) =>
        sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];

    private async Task RefreshAsync(
        string key, ActiveIndex index, IEmbeddingGenerator<string, Embedding<float>> embedder, int depth, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        try
        {
            _calibrations[key] = await CalibrateAsync(index, embedder, depth, tags, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Nobody awaits a refresh: a failed one (store busy, generation dropped) keeps the last threshold, if the
            // generation is still the active one, and tries again after the next interval.
            if (_calibrations.TryGetValue(key, out var stale))
            {
                _calibrations[key] = new Calibration(stale.Threshold, _time.GetUtcNow());
            }
        }
    }

    private async Task<Calibration> CalibrateAsync(
        ActiveIndex index, IEmbeddingGenerator<string, Embedding<float>> embedder, int depth, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var vectors = await ProbeVectorsAsync(index.EmbedderModelId, embedder, cancellationToken).ConfigureAwait(false);
        var scores = new List<double>(vectors.Length);
        // The vector search's score is the chunk's cosine (the collection is defined with cosine similarity), the same
        // figure the retriever gates questions on (HybridRanking), so no vector is read back to recompute it.
        var search = new VectorSearchOptions<DocumentChunk> { Filter = TagFilter.AllOf(tags) };
        foreach (var vector in vectors)
        {
            var cosines = new List<double>(depth);
            await foreach (var hit in index.Collection.SearchAsync(vector, depth, search, cancellationToken).ConfigureAwait(false))
            {
                cosines.Add(hit.Score ?? 0);
            }

            if (cosines.Count < depth)
            {
                // Fewer chunks than the depth (an empty or nearly empty index) says too little: the model's threshold
                // decides until the index grows.
                return new Calibration(null, _time.GetUtcNow());
            }

            scores.Add(cosines.Average());
        }

        var threshold = ThresholdOf(scores, _options.GatePercentile, _options.GateSpread);
        return new Calibration(threshold, _time.GetUtcNow());
    }

    private async Task<ReadOnlyMemory<float>[]> ProbeVectorsAsync(string modelId, IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken)
    {
        // Shared by concurrent first questions, so not cancelled by one of them; a failure is not kept.
        var task = _probeVectors.GetOrAdd(modelId, _ => EmbedProbesAsync(embedder, CancellationToken.None));
        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (task.IsFaulted)
        {
            _probeVectors.TryRemove(new KeyValuePair<string, Task<ReadOnlyMemory<float>[]>>(modelId, task));
            throw;
        }
    }

    private static async Task<ReadOnlyMemory<float>[]> EmbedProbesAsync(IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken)
    {
        var embeddings = await embedder.GenerateAsync(OffTopicProbes.Questions, EmbeddingRoles.Query(), cancellationToken).ConfigureAwait(false);
        return embeddings.Select(e => e.Vector).ToArray();
    }

    private sealed record Calibration(double? Threshold, DateTimeOffset At)
    {
        private int _refreshing;

        public bool TryStartRefresh() => Interlocked.Exchange(ref _refreshing, 1) == 0;
    }
}
