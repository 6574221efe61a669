using RagBot.Core.Chat;
using RagBot.Core.Chunks;
using RagBot.Core.Diagnostics;
using RagBot.Core.Documents;

namespace RagBot.Retrieval;

/// <summary>
/// The end of a deferred search (<see cref="DeferredRecords"/>): the ranked candidates hold only keys, and their
/// records are read in rank order, a small batch at a time, each batch put through what the full candidate list goes
/// through otherwise (the catalog's current versions, then near-duplicates in rank order), until <c>topK</c> relevant
/// chunks are kept and the answer gate is decided (<see cref="GateBounds"/>). The chunks, their order and the gate's
/// answer are those reading every candidate gives: a chunk's fate depends only on the chunks ranked before it.
/// </summary>
internal sealed class DeferredSelection
{
    /// <summary>Candidates read at a time when only the gate still needs evidence, and at least otherwise.</summary>
    private const int MinBatch = 8;

    private readonly DeferredRecords _records;
    private readonly IDocumentCatalog _catalog;
    private readonly Func<string, TermSignature> _signatureOf;
    private readonly double _duplicateSimilarity;
    private readonly Dictionary<string, string?> _versions = new(StringComparer.Ordinal);

    public DeferredSelection(DeferredRecords records, IDocumentCatalog catalog, Func<string, TermSignature> signatureOf, double duplicateSimilarity)
    {
        _records = records;
        _catalog = catalog;
        _signatureOf = signatureOf;
        _duplicateSimilarity = duplicateSimilarity;
    }

    /// <summary>
    /// The first <paramref name="topK"/> kept candidates that are <paramref name="relevant"/>, or none when the gate
    /// (the mean cosine of the best <see cref="GateThreshold.Depth"/> kept chunks of <paramref name="gateRound"/>, or of
    /// <paramref name="candidates"/> when null) stays below <paramref name="gateThreshold"/>.
    /// </summary>
    public async Task<List<RetrievedChunk>> SelectAsync(
        List<RetrievedChunk> candidates, List<RetrievedChunk>? gateRound, Func<RetrievedChunk, bool> relevant, GateThreshold gateThreshold, int topK,
        CancellationToken cancellationToken)
    {
        var output = new Walk(candidates, new NearDuplicateFilter(_duplicateSimilarity));
        var gate = gateRound is null ? output : new Walk(gateRound, new NearDuplicateFilter(_duplicateSimilarity));
        while (true)
        {
            var supported = GateBounds.Decide(gate.KeptCosines(), gate.UnreadCosines(), gateThreshold.MinRelevance, gateThreshold.Depth);
            if (supported == false)
            {
                return [];
            }

            var deficit = topK - output.Kept.Count(relevant);
            var outputDone = deficit <= 0 || output.Exhausted;
            if (supported == true && outputDone)
            {
                return output.Kept.Where(relevant).Take(topK).ToList();
            }

            // A few more than are missing: some candidates turn out stale or near-duplicates.
            var outputTake = !outputDone ? BatchFor(deficit)
                : ReferenceEquals(gate, output) ? MinBatch
                : 0;
            var gateTake = supported is null && !ReferenceEquals(gate, output) ? MinBatch : 0;
            await ReadAsync(output.Next(outputTake).Concat(gate.Next(gateTake)), cancellationToken).ConfigureAwait(false);
            using (RagBotTelemetry.Source.StartActivity(RagBotSpans.Deduplicate))
            {
                output.Advance(outputTake, Survives);
                if (!ReferenceEquals(gate, output))
                {
                    gate.Advance(gateTake, Survives);
                }
            }
        }
    }

    /// <summary>Candidates to read when <paramref name="missing"/> kept chunks are still missing: a few more, since some turn out stale or near-duplicates.</summary>
    public static int BatchFor(int missing) => (int)Math.Clamp(missing + (missing / 8L) + 4, MinBatch, int.MaxValue);

    private DocumentChunk? Survives(RetrievedChunk candidate, Walk walk)
    {
        var record = _records.Find(candidate.Chunk.Id);
        return record is not null
               && _versions.GetValueOrDefault(record.DocumentId) is { } current && current == record.DocumentVersion
               && walk.Duplicates.TryKeep(_signatureOf(record.Text))
            ? record
            : null;
    }

    /// <summary>Reads the records of <paramref name="keys"/>, then the current versions of their documents not asked for yet (one round trip each).</summary>
    private async Task ReadAsync(IEnumerable<Guid> keys, CancellationToken cancellationToken)
    {
        var batch = keys.ToList();
        await _records.ReadAsync(batch, cancellationToken).ConfigureAwait(false);
        var documents = batch.Select(_records.Find).OfType<DocumentChunk>().Select(r => r.DocumentId)
            .Where(id => !_versions.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (documents.Count == 0)
        {
            return;
        }

        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.CatalogVersions);
        activity?.SetTag("ragbot.documents", documents.Count);
        var current = await _catalog.GetCurrentVersionsAsync(documents, cancellationToken).ConfigureAwait(false);
        foreach (var id in documents)
        {
            _versions[id] = current.GetValueOrDefault(id);
        }
    }

    /// <summary>One ranked list walked in order: the candidates read so far and those kept of them.</summary>
    private sealed class Walk
    {
        private readonly List<RetrievedChunk> _ranked;
        private int _next;

        public Walk(List<RetrievedChunk> ranked, NearDuplicateFilter duplicates)
        {
            _ranked = ranked;
            Duplicates = duplicates;
        }

        public NearDuplicateFilter Duplicates { get; }

        public List<RetrievedChunk> Kept { get; } = [];

        public bool Exhausted => _next >= _ranked.Count;

        public IEnumerable<Guid> Next(int count) => _ranked.Skip(_next).Take(count).Select(c => c.Chunk.Id);

        public List<double> KeptCosines() => Kept.ConvertAll(c => c.VectorSimilarity ?? 0);

        public List<double> UnreadCosines() => _ranked.Skip(_next).Select(c => c.VectorSimilarity ?? 0).ToList();

        /// <summary>Decides the next <paramref name="count"/> candidates, whose records have been read, in rank order.</summary>
        public void Advance(int count, Func<RetrievedChunk, Walk, DocumentChunk?> survives)
        {
            var end = Math.Min(_ranked.Count, _next + count);
            for (; _next < end; _next++)
            {
                var candidate = _ranked[_next];
                if (survives(candidate, this) is { } record)
                {
                    Kept.Add(candidate with { Chunk = record });
                }
            }
        }
    }
}
