using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.AppState;
using RagBot.Core.Chunks;
using RagBot.Core.Documents;
using RagBot.Providers.Local;
using RagBot.Retrieval;
using RagBot.VectorData.Sqlite;

namespace RagBot.UnitTests.Retrieval;

/// <summary>
/// Review of rank first, read later (issue #17): the whole retriever on the deferred path while another writer (the
/// same store, or a second store on the same file as the CLI would be) re-tags, deletes and re-inserts rows under the
/// same keys with another tenant's tags and text, between the ranking and the batched reads. No chunk of another
/// tenant may ever come back, and no search may fail; cancelling mid-read cancels and leaves nothing behind.
/// </summary>
public sealed class DeferredConcurrencyTests : IAsyncLifetime
{
    private const int Dimensions = 64;
    private const string Secret = "secret of tenant b";
    private static readonly string[] Vocabulary = ["kernel", "paging", "memory", "cache", "compiler", "parser", "queue", "disk", "index", "search", "network", "tree"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ragbot-unit", Guid.NewGuid().ToString("N"));
    private readonly HashingEmbeddingGenerator _embedder = new(Options.Create(new LocalEmbeddingOptions { Dimensions = Dimensions }));
    private readonly List<SqliteVectorStore> _stores = [];
    private readonly List<DocumentChunk> _tenantA = [];
    private SqliteDocumentCatalog? _catalog;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false, RetrievalMode.Hybrid)]
    [InlineData(true, RetrievalMode.Hybrid)]
    [InlineData(true, RetrievalMode.Vector)]
    [InlineData(true, RetrievalMode.Keyword)]
    public async Task Rows_retagged_deleted_and_reinserted_under_the_same_key_never_reach_another_tenant(bool secondStore, RetrievalMode mode)
    {
        var (searcher, writer) = await CollectionsAsync($"race-{secondStore}-{mode}", secondStore);
        var retriever = Retriever(searcher, new RetrievalOptions { Candidates = 60, KeywordFeedbackDepth = 3, VectorFeedbackDepth = 2, PerIndexGate = false });
        var random = new Random(3);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var writes = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                // Each pass over the chunks moves them all away, the next one brings them back: rows keep flipping.
                var victim = _tenantA[i % _tenantA.Count];
                if ((i / _tenantA.Count) % 2 == 1)
                {
                    await writer.UpsertAsync(victim, CancellationToken.None);
                }
                else if (i % 2 == 0)
                {
                    // Same key, other tenant, other text: a chunk id another document reuses (or a re-tagged upload).
                    await writer.UpsertAsync(Moved(victim), CancellationToken.None);
                }
                else
                {
                    await writer.DeleteAsync(victim.Id, CancellationToken.None);
                    await writer.UpsertAsync(Moved(victim), CancellationToken.None);
                }
            }
        }, CancellationToken.None);

        var chunks = 0;
        try
        {
            // A fixed number of searches, not a time budget: on a loaded machine a time budget ran too few to tell.
            for (var search = 0; search < 30; search++)
            {
                var question = string.Join(' ', Enumerable.Range(0, 3).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
                var found = await retriever.RetrieveAsync(new RetrievalRequest(question) { Tags = ["tenant:a"], TopK = 10, Mode = mode, MinRelevance = -1 }, Cancel);
                chunks += found.Count;
                Assert.All(found, c => Assert.True(c.Chunk.Tags.Contains("tenant:a") && c.Chunk.Text != Secret, $"leaked {c.Chunk.Id} [{string.Join(",", c.Chunk.Tags)}] {c.Chunk.Text}"));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writes;
        }

        Assert.True(chunks > 30, $"{chunks} chunks in 30 searches");
    }

    [Fact]
    public async Task Cancelling_at_any_point_of_the_batched_reads_cancels_and_the_next_search_is_unaffected()
    {
        var (chunks, _) = await CollectionsAsync("cancel", secondStore: false);
        var retriever = Retriever(chunks, new RetrievalOptions { Candidates = 200, KeywordFeedbackDepth = 5, PerIndexGate = false });
        var request = new RetrievalRequest("kernel paging memory cache") { Tags = ["tenant:a"], TopK = 100, MinRelevance = -1 };
        var expected = (await retriever.RetrieveAsync(request, Cancel)).Select(c => c.Chunk.Id).ToList();
        var cancelled = 0;
        for (var delayTicks = 0; delayTicks < 40; delayTicks++)
        {
            using var source = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
            source.CancelAfter(TimeSpan.FromTicks(delayTicks * 2500));
            try
            {
                await retriever.RetrieveAsync(request, source.Token);
            }
            catch (OperationCanceledException)
            {
                cancelled++;
            }

            Assert.Equal(expected, (await retriever.RetrieveAsync(request, Cancel)).Select(c => c.Chunk.Id));
        }

        Assert.True(cancelled > 0, "no search was cancelled");
    }

    private static DocumentChunk Moved(DocumentChunk chunk) => new()
    {
        Id = chunk.Id,
        DocumentId = chunk.DocumentId,
        DocumentVersion = chunk.DocumentVersion,
        Source = chunk.Source,
        Ordinal = chunk.Ordinal,
        Text = Secret,
        Tags = ["tenant:b"],
        Embedding = chunk.Embedding,
    };

    private HybridRetriever Retriever(VectorStoreCollection<Guid, DocumentChunk> collection, RetrievalOptions options) =>
        new(new DeferredDifferentialTests.FixedIndex(collection, Dimensions, matches: true), _embedder, _catalog!, Options.Create(options));

    private async Task<(VectorStoreCollection<Guid, DocumentChunk> Searcher, VectorStoreCollection<Guid, DocumentChunk> Writer)> CollectionsAsync(string name, bool secondStore)
    {
        var path = Path.Combine(_directory, $"{name}.db");
        // Commits without fsync: the writer flips rows many times per search (durability is not what is tested).
        var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, DurableCommits = false });
        _stores.Add(store);
        var searcher = store.GetCollection<Guid, DocumentChunk>("chunks", DocumentChunkDefinition.Create(Dimensions));
        await searcher.EnsureCollectionExistsAsync(Cancel);
        await searcher.UpsertAsync(_tenantA, Cancel);
        if (!secondStore)
        {
            return (searcher, searcher);
        }

        var other = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, DurableCommits = false });
        _stores.Add(other);
        return (searcher, other.GetCollection<Guid, DocumentChunk>("chunks", DocumentChunkDefinition.Create(Dimensions)));
    }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _catalog = new SqliteDocumentCatalog(new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _directory })));
        var random = new Random(9);
        var documents = new List<DocumentRecord>();
        for (var d = 0; d < 60; d++)
        {
            documents.Add(new DocumentRecord { Id = $"doc-{d}", Source = $"doc-{d}.txt", ContentType = "text/plain", Sha256 = "v1", SizeBytes = 1, Tags = ["tenant:a"] });
            for (var c = 0; c < 5; c++)
            {
                _tenantA.Add(new DocumentChunk
                {
                    Id = Guid.NewGuid(),
                    DocumentId = $"doc-{d}",
                    DocumentVersion = "v1",
                    Source = $"doc-{d}.txt",
                    Ordinal = c,
                    Text = string.Join(' ', Enumerable.Range(0, 8 + random.Next(16)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])),
                    Tags = ["tenant:a"],
                });
            }
        }

        var vectors = await _embedder.GenerateAsync(_tenantA.Select(c => c.Text), cancellationToken: Cancel);
        for (var i = 0; i < _tenantA.Count; i++)
        {
            _tenantA[i].Embedding = vectors[i].Vector;
        }

        await _catalog.SaveManyAsync(documents, Cancel);
    }

    public ValueTask DisposeAsync()
    {
        _embedder.Dispose();
        TempStores.Release(_stores, _directory);
        return ValueTask.CompletedTask;
    }
}
