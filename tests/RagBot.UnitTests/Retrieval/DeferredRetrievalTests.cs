using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.AppState;
using RagBot.Core.Chat;
using RagBot.Core.Chunks;
using RagBot.Core.Diagnostics;
using RagBot.Core.Documents;
using RagBot.Core.Indexing;
using RagBot.Providers.Local;
using RagBot.Retrieval;
using RagBot.VectorData.Sqlite;

namespace RagBot.UnitTests.Retrieval;

/// <summary>
/// Rank first, read later gives what reading every candidate gives: the same chunks, in the same order, with the same
/// scores and cosines, and the same answer-gate decision, on a real SQLite store and a real catalog holding
/// near-duplicates, exact duplicates, chunks of replaced document versions and two tenants, with and without
/// pseudo-relevance feedback. The reference is the same store seen without the capability (<see cref="RecordReturningCollection"/>).
/// </summary>
public sealed class DeferredRetrievalTests : IAsyncLifetime
{
    private const int Dimensions = 256;
    private static readonly string[] Vocabulary =
    [
        "kernel", "paging", "memory", "cache", "compiler", "parser", "grammar", "queue", "scheduler", "disk", "file", "index",
        "search", "query", "network", "packet", "routing", "sort", "merge", "tree", "graph", "matrix", "vector", "storage",
        "process", "thread", "lock", "buffer", "stream", "token", "symbol", "table", "hash", "record", "page", "segment",
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ragbot-unit", Guid.NewGuid().ToString("N"));
    private readonly HashingEmbeddingGenerator _embedder = new(Options.Create(new LocalEmbeddingOptions { Dimensions = Dimensions }));
    private SqliteVectorStore? _store;
    private VectorStoreCollection<Guid, DocumentChunk>? _chunks;
    private SqliteDocumentCatalog? _catalog;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> Settings() => new(["hashing", "neural-feedback", "rrf", "vector-mode", "keyword-mode", "deep", "per-index-gate"]);

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task The_deferred_path_returns_what_reading_every_candidate_returns(string setting)
    {
        var (options, mode, topK) = Configure(setting);
        var deferred = Retriever(_chunks!, options);
        var reference = Retriever(new RecordReturningCollection(_chunks!), options);
        Assert.IsAssignableFrom<IDeferredRecordSearch<Guid, DocumentChunk>>(_chunks);
        Assert.IsNotAssignableFrom<IDeferredRecordSearch<Guid, DocumentChunk>>(new RecordReturningCollection(_chunks!));

        var answered = 0;
        var questions = Questions().ToList();
        foreach (var question in questions)
        {
            foreach (var minRelevance in new double?[] { null, 0.05, 0.25, 0.45, 0.7 })
            {
                foreach (var tags in new[] { Array.Empty<string>(), ["tenant:a"], ["tenant:b"] })
                {
                    var request = new RetrievalRequest(question) { TopK = topK, Mode = mode, Tags = tags, MinRelevance = minRelevance };
                    var expected = await reference.RetrieveAsync(request, Cancel);
                    var actual = await deferred.RetrieveAsync(request, Cancel);
                    Assert.Equal(Describe(expected), Describe(actual));
                    Assert.All(actual, c => Assert.Equal(expected.Single(e => e.Chunk.Id == c.Chunk.Id).Chunk.Text, c.Chunk.Text));
                    Assert.All(actual, c => Assert.True(tags.Length == 0 || c.Chunk.Tags.Contains(tags[0])));
                    answered += actual.Count > 0 ? 1 : 0;
                }
            }
        }

        // The thresholds span both gate outcomes, so both were compared.
        Assert.InRange(answered, 1, (questions.Count * 15) - 1);
    }

    [Fact]
    public async Task Only_the_records_needed_are_read_and_stale_or_duplicate_ones_are_skipped()
    {
        var retriever = Retriever(_chunks!, new RetrievalOptions { VectorWeight = 0.15 });
        var spans = new List<Activity>();
        using var root = new Activity("deferred-test").Start();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RagBotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = span =>
            {
                if (span.OperationName == RagBotSpans.Retrieve && span.Parent == root)
                {
                    lock (spans)
                    {
                        spans.Add(span);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var few = await retriever.RetrieveAsync(new RetrievalRequest("kernel paging memory cache") { TopK = 5, MinRelevance = -1 }, Cancel);
        var many = await retriever.RetrieveAsync(new RetrievalRequest("kernel paging memory cache") { TopK = 40, MinRelevance = -1 }, Cancel);

        Assert.Equal(5, few.Count);
        Assert.Equal(many.Take(5).Select(c => c.Chunk.Id), few.Select(c => c.Chunk.Id));
        Assert.DoesNotContain(many, c => c.Chunk.DocumentVersion == "old");
        Assert.Equal(many.Count, many.Select(c => c.Chunk.Text).Distinct().Count());
        var (candidates, read) = ((int)spans[0].GetTagItem("ragbot.candidates")!, (int)spans[0].GetTagItem("ragbot.records-read")!);
        Assert.True(read < candidates / 2, $"read {read} of {candidates} candidates for 5 chunks");
    }

    [Fact]
    public async Task A_record_deleted_or_moved_to_another_tenant_after_ranking_is_skipped_and_the_next_candidate_taken()
    {
        var store = (IDeferredRecordSearch<Guid, DocumentChunk>)_chunks!;
        var filter = TagFilter.AllOf(["tenant:b"]);
        var ranked = await store.KeywordSearchKeysAsync(["kernel", "paging", "memory"], 40, filter, Cancel);
        var candidates = ranked.Select(k => new RetrievedChunk(new DocumentChunk { Id = k.Key }, k.Score) { VectorSimilarity = 0.5 }).ToList();
        var gate = new GateThreshold(0.1, 1);
        var before = await Selection(store, filter).SelectAsync(candidates, null, _ => true, gate, 5, Cancel);

        // Between ranking and reading: one kept chunk deleted, another moved to the other tenant.
        await _chunks!.DeleteAsync(before[0].Chunk.Id, Cancel);
        var moved = await _chunks.GetAsync(before[1].Chunk.Id, new() { IncludeVectors = true }, Cancel);
        moved!.Tags = ["tenant:a"];
        await _chunks.UpsertAsync(moved, Cancel);
        var after = await Selection(store, filter).SelectAsync(candidates, null, _ => true, gate, 5, Cancel);

        Assert.Equal(5, before.Count);
        Assert.Equal(5, after.Count);
        Assert.DoesNotContain(after, c => c.Chunk.Id == before[0].Chunk.Id || c.Chunk.Id == before[1].Chunk.Id);
        Assert.All(before.Skip(2), kept => Assert.Contains(after, c => c.Chunk.Id == kept.Chunk.Id));
        Assert.All(after, c => Assert.Equal(["tenant:b"], c.Chunk.Tags));
    }

    private DeferredSelection Selection(IDeferredRecordSearch<Guid, DocumentChunk> store, System.Linq.Expressions.Expression<Func<DocumentChunk, bool>>? filter) =>
        new(new DeferredRecords(store, filter), _catalog!, TermSignature.Of, 0.85);

    private static (RetrievalOptions Options, RetrievalMode Mode, int TopK) Configure(string setting) => setting switch
    {
        "hashing" => (new RetrievalOptions { VectorWeight = 0.15, RelevanceDepth = 1 }, RetrievalMode.Hybrid, 5),
        "neural-feedback" => (new RetrievalOptions
        {
            VectorWeight = 1, Normalization = ScoreNormalization.ZScore, VectorFeedbackDepth = 3, KeywordFeedbackDepth = 5, RelevanceDepth = 3,
        }, RetrievalMode.Hybrid, 5),
        "rrf" => (new RetrievalOptions { Fusion = HybridFusion.Rrf, RelevanceDepth = 3, KeywordFeedbackDepth = 4 }, RetrievalMode.Hybrid, 8),
        "vector-mode" => (new RetrievalOptions { RelevanceDepth = 3, VectorFeedbackDepth = 2 }, RetrievalMode.Vector, 5),
        "keyword-mode" => (new RetrievalOptions { KeywordFeedbackDepth = 3 }, RetrievalMode.Keyword, 5),
        "deep" => (new RetrievalOptions { Candidates = 200, RelevanceDepth = 5, VectorWeight = 0.15 }, RetrievalMode.Hybrid, 100),
        _ => (new RetrievalOptions { PerIndexGate = true }, RetrievalMode.Hybrid, 5),
    };

    private static List<string> Describe(IReadOnlyList<RetrievedChunk> chunks) =>
        chunks.Select(c => $"{c.Chunk.Id} {c.Score:R} {c.VectorSimilarity:R}").ToList();

    private HybridRetriever Retriever(VectorStoreCollection<Guid, DocumentChunk> collection, RetrievalOptions options) =>
        new(new FixedIndex(collection), _embedder, _catalog!, Options.Create(options));

    private static IEnumerable<string> Questions()
    {
        var random = new Random(5);
        for (var i = 0; i < 12; i++)
        {
            yield return string.Join(' ', Enumerable.Range(0, 2 + (i % 4)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
        }

        yield return "weather forecast for tomorrow";
    }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = Path.Combine(_directory, "vectors.db") });
        _chunks = _store.GetCollection<Guid, DocumentChunk>("chunks", DocumentChunkDefinition.Create(Dimensions));
        await _chunks.EnsureCollectionExistsAsync(Cancel);
        _catalog = new SqliteDocumentCatalog(new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _directory })));

        var random = new Random(11);
        var chunks = new List<DocumentChunk>();
        var documents = new List<DocumentRecord>();
        for (var d = 0; d < 80; d++)
        {
            var id = $"doc-{d}";
            var tag = d % 3 == 0 ? "tenant:a" : "tenant:b";
            documents.Add(new DocumentRecord { Id = id, Source = $"{id}.txt", ContentType = "text/plain", Sha256 = "current", SizeBytes = 1, Tags = [tag] });
            for (var c = 0; c < 3; c++)
            {
                var text = string.Join(' ', Enumerable.Range(0, 30).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
                chunks.Add(Chunk(id, "current", c, text, tag));
                if (d % 5 == 0)
                {
                    // A near-duplicate in another document (one word of thirty changed) and an exact copy.
                    chunks.Add(Chunk($"doc-{(d + 1) % 80}", "current", 10 + c, text.Replace(text.Split(' ')[0], "segment", StringComparison.Ordinal), tag));
                    chunks.Add(Chunk($"doc-{(d + 2) % 80}", "current", 20 + c, text, tag));
                }

                if (d % 7 == 0)
                {
                    // A chunk of the version this document replaced, still in the index.
                    chunks.Add(Chunk(id, "old", c, text + " kernel paging", tag));
                }
            }
        }

        var vectors = await _embedder.GenerateAsync(chunks.Select(c => c.Text), cancellationToken: Cancel);
        for (var i = 0; i < chunks.Count; i++)
        {
            chunks[i].Embedding = vectors[i].Vector;
        }

        await _chunks.UpsertAsync(chunks, Cancel);
        await _catalog.SaveManyAsync(documents, Cancel);
    }

    private static DocumentChunk Chunk(string documentId, string version, int ordinal, string text, string tag) => new()
    {
        Id = Guid.NewGuid(),
        DocumentId = documentId,
        DocumentVersion = version,
        Source = $"{documentId}.txt",
        Ordinal = ordinal,
        Text = text,
        Tags = [tag],
    };

    public ValueTask DisposeAsync()
    {
        _store?.Dispose();
        _embedder.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }

        return ValueTask.CompletedTask;
    }

    private sealed class FixedIndex(VectorStoreCollection<Guid, DocumentChunk> collection) : IChunkCollectionProvider
    {
        public Task<VectorStoreCollection<Guid, DocumentChunk>> GetActiveCollectionAsync(CancellationToken cancellationToken) => Task.FromResult(collection);

        public Task<ActiveIndex> GetActiveIndexAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new ActiveIndex(collection, 1, "unit-test-embedder", Dimensions, MatchesConfiguredEmbedder: true));
    }
}
