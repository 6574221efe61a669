using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.AppState;
using RagBot.Core.Chat;
using RagBot.Core.Chunks;
using RagBot.Core.Documents;
using RagBot.Core.Indexing;
using RagBot.Providers.Local;
using RagBot.Retrieval;
using RagBot.VectorData.Sqlite;

namespace RagBot.UnitTests.Retrieval;

/// <summary>
/// Review of rank first, read later (issue #17), attacked from outside: many random settings and requests, compared
/// with the same real SQLite store seen without the capability (<see cref="RecordReturningCollection"/>), on a corpus
/// built to hit the edges: three tenants and a second tag (filters of one and two tags, and tags nobody has), exact and
/// near-duplicates, chunks of replaced versions, documents whose every chunk is stale, chunks of documents the catalog
/// does not know, topK 1 and larger than the collection, Candidates below topK, feedback of every depth, both fusions,
/// every normalization, Int8 and exact vectors, in-memory postings and FTS5, thresholds exactly at the gate's mean,
/// and the keyword-only fallback of an upgrade's reindex.
/// </summary>
public sealed class DeferredDifferentialTests : IAsyncLifetime
{
    private const int Dimensions = 64;
    private static readonly string[] Vocabulary =
    [
        "kernel", "paging", "memory", "cache", "compiler", "parser", "grammar", "queue", "scheduler", "disk", "file", "index",
        "search", "query", "network", "packet", "routing", "sort", "merge", "tree", "graph", "matrix",
    ];

    private static readonly string[][] TagSets = [[], ["tenant:a"], ["tenant:b"], ["tenant:c"], ["tenant:a", "lang:fr"], ["tenant:b", "lang:en"], ["tenant:nobody"]];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ragbot-unit", Guid.NewGuid().ToString("N"));
    private readonly HashingEmbeddingGenerator _embedder = new(Options.Create(new LocalEmbeddingOptions { Dimensions = Dimensions }));
    private readonly List<SqliteVectorStore> _stores = [];
    private SqliteDocumentCatalog? _catalog;
    private List<DocumentChunk> _corpus = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SqliteVectorQuantization.Int8, true, 1)]
    [InlineData(SqliteVectorQuantization.None, true, 2)]
    [InlineData(SqliteVectorQuantization.Int8, false, 3)]
    public async Task Random_settings_and_requests_give_what_reading_every_candidate_gives(SqliteVectorQuantization quantization, bool inMemoryKeywords, int seed)
    {
        var chunks = await CollectionAsync(quantization, inMemoryKeywords);
        var random = new Random(seed);
        var compared = 0;
        var found = 0;
        for (var round = 0; round < 40; round++)
        {
            var options = RandomOptions(random);
            var fallback = round % 10 == 9;
            var deferred = Retriever(chunks, options, fallback);
            var reference = Retriever(new RecordReturningCollection(chunks), options, fallback);
            for (var q = 0; q < 8; q++)
            {
                var request = new RetrievalRequest(Question(random))
                {
                    TopK = random.Next(4) switch { 0 => 1, 1 => _corpus.Count + 7, _ => random.Next(1, 30) },
                    Mode = (RetrievalMode)random.Next(3),
                    Tags = TagSets[random.Next(TagSets.Length)],
                    MinRelevance = random.Next(3) == 0 ? null : Math.Round((random.NextDouble() * 1.2) - 0.2, 2),
                };
                found += await CompareAsync(reference, deferred, request) ? 1 : 0;
                compared++;
            }
        }

        Assert.InRange(found, compared / 10, compared - (compared / 10));
    }

    [Theory]
    [InlineData(RetrievalMode.Hybrid, 1)]
    [InlineData(RetrievalMode.Hybrid, 3)]
    [InlineData(RetrievalMode.Vector, 5)]
    [InlineData(RetrievalMode.Keyword, 2)]
    public async Task A_threshold_exactly_at_the_gates_mean_and_one_ulp_either_side_gives_the_same_answer(RetrievalMode mode, int depth)
    {
        var chunks = await CollectionAsync(SqliteVectorQuantization.Int8, true);
        var options = new RetrievalOptions { Candidates = 30, RelevanceDepth = depth, VectorWeight = 0.4, PerIndexGate = false };
        var deferred = Retriever(chunks, options, fallback: false);
        var reference = Retriever(new RecordReturningCollection(chunks), options, fallback: false);
        var random = new Random(depth);
        var edges = 0;
        for (var q = 0; q < 25; q++)
        {
            var question = Question(random);
            var tags = TagSets[q % TagSets.Length];

            // TopK = Candidates keeps the candidate list and returns every kept chunk: the gate's evidence, in rank order.
            var everything = await reference.RetrieveAsync(new RetrievalRequest(question) { TopK = 30, Mode = mode, Tags = tags, MinRelevance = -1 }, Cancel);
            if (everything.Count == 0)
            {
                continue;
            }

            var mean = everything.Select(c => c.VectorSimilarity ?? 0).OrderDescending().Take(depth).ToList().Average();
            var cosines = new[] { mean, Math.BitIncrement(mean), Math.BitDecrement(mean), everything[^1].VectorSimilarity ?? 0, everything[0].VectorSimilarity ?? 0 };
            foreach (var threshold in cosines)
            {
                foreach (var topK in new[] { 1, 3, 30 })
                {
                    await CompareAsync(reference, deferred, new RetrievalRequest(question) { TopK = topK, Mode = mode, Tags = tags, MinRelevance = threshold });
                }
            }

            edges++;
        }

        Assert.True(edges > 10, $"{edges} questions had candidates");
    }

    /// <summary>Runs both retrievers; asserts the same chunks (id, score, cosine, text, tags, version) in the same order; returns whether any was found.</summary>
    private static async Task<bool> CompareAsync(HybridRetriever reference, HybridRetriever deferred, RetrievalRequest request)
    {
        var expected = await reference.SearchIndexAsync(request, Cancel);
        var actual = await deferred.SearchIndexAsync(request, Cancel);
        var context = $"{request.Query} | topK {request.TopK} | {request.Mode} | [{string.Join(",", request.Tags)}] | min {request.MinRelevance:R}";
        Assert.True(Describe(expected.Chunks).SequenceEqual(Describe(actual.Chunks)),
            $"{context}\nexpected:\n{string.Join("\n", Describe(expected.Chunks))}\nactual:\n{string.Join("\n", Describe(actual.Chunks))}");
        Assert.Equal(expected.KeywordOnly, actual.KeywordOnly);
        Assert.All(actual.Chunks, c => Assert.True(request.Tags.All(c.Chunk.Tags.Contains), $"{context}: {c.Chunk.Id} carries [{string.Join(",", c.Chunk.Tags)}]"));
        return actual.Chunks.Count > 0;
    }

    private static IEnumerable<string> Describe(IReadOnlyList<RetrievedChunk> chunks) =>
        chunks.Select(c => $"{c.Chunk.Id} {c.Score:R} {c.VectorSimilarity:R} {c.Chunk.DocumentId}@{c.Chunk.DocumentVersion} [{string.Join(",", c.Chunk.Tags)}] {c.Chunk.Text}");

    private static RetrievalOptions RandomOptions(Random random) => new()
    {
        Candidates = random.Next(3) == 0 ? random.Next(1, 6) : random.Next(6, 80),
        Fusion = random.Next(3) == 0 ? HybridFusion.Rrf : HybridFusion.Convex,
        Normalization = (ScoreNormalization)random.Next(Enum.GetValues<ScoreNormalization>().Length),
        VectorWeight = Math.Round(random.NextDouble() * 2, 2),
        KeywordWeight = Math.Round(random.NextDouble() * 2, 2),
        RrfK = random.Next(1, 100),
        VectorFeedbackDepth = random.Next(2) == 0 ? 0 : random.Next(1, 8),
        KeywordFeedbackDepth = random.Next(2) == 0 ? 0 : random.Next(1, 8),
        KeywordFeedbackTerms = random.Next(1, 12),
        DuplicateSimilarity = random.Next(4) == 0 ? 1.0 : Math.Round(0.5 + (random.NextDouble() / 2), 2),
        RelevanceDepth = random.Next(3) == 0 ? null : random.Next(1, 8),
        PerIndexGate = random.Next(3) == 0,
    };

    private static string Question(Random random) => random.Next(12) == 0
        ? "weather forecast for tomorrow"
        : string.Join(' ', Enumerable.Range(0, random.Next(1, 5)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));

    private HybridRetriever Retriever(VectorStoreCollection<Guid, DocumentChunk> collection, RetrievalOptions options, bool fallback) =>
        new(new FixedIndex(collection, Dimensions, !fallback), _embedder, _catalog!, Options.Create(options));

    private async Task<VectorStoreCollection<Guid, DocumentChunk>> CollectionAsync(SqliteVectorQuantization quantization, bool inMemoryKeywords)
    {
        var store = new SqliteVectorStore(new SqliteVectorStoreOptions
        {
            DatabasePath = Path.Combine(_directory, $"vectors-{quantization}-{inMemoryKeywords}.db"),
            Quantization = quantization,
            InMemoryKeywordIndex = inMemoryKeywords,
        });
        _stores.Add(store);
        var chunks = store.GetCollection<Guid, DocumentChunk>("chunks", DocumentChunkDefinition.Create(Dimensions));
        await chunks.EnsureCollectionExistsAsync(Cancel);
        await chunks.UpsertAsync(_corpus, Cancel);
        return chunks;
    }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _catalog = new SqliteDocumentCatalog(new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _directory })));
        var random = new Random(7);
        var documents = new List<DocumentRecord>();
        for (var d = 0; d < 90; d++)
        {
            var id = $"doc-{d}";
            var tags = new List<string> { $"tenant:{"abc"[d % 3]}", d % 2 == 0 ? "lang:en" : "lang:fr" };

            // Every chunk of doc-5k+4 belongs to a version the catalog no longer holds; doc-11k+10 is not in the catalog.
            var current = d % 5 == 4 ? "v2" : "v1";
            if (d % 11 != 10)
            {
                documents.Add(new DocumentRecord { Id = id, Source = $"{id}.txt", ContentType = "text/plain", Sha256 = current, SizeBytes = 1, Tags = tags });
            }

            for (var c = 0; c < 1 + (d % 4); c++)
            {
                var text = string.Join(' ', Enumerable.Range(0, 4 + random.Next(20)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
                _corpus.Add(Chunk(id, "v1", c, text, tags));
                if (d % 6 == 0)
                {
                    _corpus.Add(Chunk($"doc-{(d + 1) % 90}", "v1", 10 + c, text, tags));
                    _corpus.Add(Chunk($"doc-{(d + 3) % 90}", "v1", 20 + c, text + " " + Vocabulary[c], tags));
                }

                if (d % 7 == 0)
                {
                    _corpus.Add(Chunk(id, "v0", 30 + c, text + " kernel kernel", tags));
                }
            }
        }

        var vectors = await _embedder.GenerateAsync(_corpus.Select(c => c.Text), cancellationToken: Cancel);
        for (var i = 0; i < _corpus.Count; i++)
        {
            _corpus[i].Embedding = vectors[i].Vector;
        }

        await _catalog.SaveManyAsync(documents, Cancel);
    }

    private static DocumentChunk Chunk(string documentId, string version, int ordinal, string text, List<string> tags) => new()
    {
        Id = Guid.NewGuid(),
        DocumentId = documentId,
        DocumentVersion = version,
        Source = $"{documentId}.txt",
        Ordinal = ordinal,
        Text = text,
        Tags = [.. tags],
    };

    public ValueTask DisposeAsync()
    {
        _embedder.Dispose();
        TempStores.Release(_stores, _directory);
        return ValueTask.CompletedTask;
    }

    /// <summary>The active index; <paramref name="matches"/> false plays an upgrade's reindex whose old embedder cannot run here (keyword-only).</summary>
    internal sealed class FixedIndex(VectorStoreCollection<Guid, DocumentChunk> collection, int dimensions, bool matches) : IChunkCollectionProvider
    {
        public Task<VectorStoreCollection<Guid, DocumentChunk>> GetActiveCollectionAsync(CancellationToken cancellationToken) => Task.FromResult(collection);

        public Task<ActiveIndex> GetActiveIndexAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new ActiveIndex(collection, 1, matches ? "unit-test-embedder" : "an-older-embedder", dimensions, MatchesConfiguredEmbedder: matches));
    }
}
