using System.Linq.Expressions;
using RagBot.Core.Indexing;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// Rank first, read later (<see cref="IDeferredRecordSearch{TKey, TRecord}"/>): the key-only legs rank exactly as the
/// legs that return records, with keys known in memory also for rows another process wrote, and the later read
/// re-checks the search's filter, so a row re-tagged or deleted between ranking and reading never comes back.
/// </summary>
public sealed class SqliteDeferredSearchTests : IDisposable
{
    private const int Dimensions = 8;
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "kernel", "paging", "cache", "compiler", "parser", "lexer", "queue", "stack"];
    private readonly TempDirectory directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SqliteVectorQuantization.None, false)]
    [InlineData(SqliteVectorQuantization.None, true)]
    [InlineData(SqliteVectorQuantization.Int8, false)]
    [InlineData(SqliteVectorQuantization.Int8, true)]
    public async Task Key_only_legs_rank_as_the_legs_that_return_records(SqliteVectorQuantization quantization, bool filtered)
    {
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = directory.File($"rank-{quantization}-{filtered}.db"), Quantization = quantization });
        var chunks = Chunks(store);
        await chunks.EnsureCollectionExistsAsync(Cancel);
        await chunks.UpsertAsync(Enumerable.Range(0, 300).Select(i => Chunk(Guid.NewGuid(), i, i % 3 == 0 ? "tenant:a" : "tenant:b")).ToList(), Cancel);
        Expression<Func<ChunkLikeRecord, bool>>? filter = filtered ? r => r.Tags.Contains("tenant:a") : null;

        for (var q = 0; q < 5; q++)
        {
            var vectorHits = await chunks.SearchAsync(Vector(1000 + q), 40, new() { Filter = filter }, Cancel).ToListAsync(Cancel);
            var vectorKeys = await chunks.SearchKeysAsync(Vector(1000 + q), 40, filter, Cancel);
            Assert.Equal(vectorHits.Select(h => (h.Record.Id, h.Score!.Value)), vectorKeys.Select(k => (k.Key, k.Score)));

            string[] keywords = [Words[q], Words[q + 4], Words[q + 7]];
            var keywordHits = await chunks.KeywordSearchAsync(keywords, 40, new() { Filter = filter }, Cancel).ToListAsync(Cancel);
            var keywordKeys = await chunks.KeywordSearchKeysAsync(keywords, 40, filter, Cancel);
            Assert.NotEmpty(keywordHits);
            Assert.Equal(keywordHits.Select(h => (h.Record.Id, h.Score!.Value)), keywordKeys.Select(k => (k.Key, k.Score)));
        }
    }

    [Fact]
    public async Task Keys_of_rows_another_store_wrote_are_known_after_load_and_after_catch_up()
    {
        var path = directory.File("two-stores.db");
        using var writerStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var searcherStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var writer = Chunks(writerStore);
        var searcher = Chunks(searcherStore);
        await writer.EnsureCollectionExistsAsync(Cancel);
        await writer.UpsertAsync(Enumerable.Range(0, 100).Select(i => Chunk(Guid.NewGuid(), i, "tenant:a")).ToList(), Cancel);

        // The keyword leg alone first: it names its hits by rowid (it does not load the vectors for that), then from
        // the keys the vector leg loaded.
        var unloaded = await searcher.KeywordSearchKeysAsync(["alpha", "kernel"], 20, null, Cancel);
        await searcher.SearchKeysAsync(Vector(3), 5, null, Cancel);
        var first = await searcher.KeywordSearchKeysAsync(["alpha", "kernel"], 20, null, Cancel);
        Assert.Equal(unloaded, first);
        var added = Enumerable.Range(100, 50).Select(i => Chunk(Guid.NewGuid(), i, "tenant:a")).ToList();
        await writer.UpsertAsync(added, Cancel);
        await writer.DeleteAsync(first[0].Key, Cancel);

        // Named while the index is behind the writer (rows it does not know are read by rowid), then after its catch-up.
        var behind = await searcher.KeywordSearchKeysAsync(["alpha", "kernel"], 200, null, Cancel);
        await searcher.SearchKeysAsync(Vector(3), 5, null, Cancel);
        var after = await searcher.KeywordSearchKeysAsync(["alpha", "kernel"], 200, null, Cancel);
        Assert.Equal(behind, after);
        var expected = await searcher.KeywordSearchAsync(["alpha", "kernel"], 200, null, Cancel).ToListAsync(Cancel);

        Assert.Equal(20, first.Count);
        Assert.Equal(expected.Select(h => (h.Record.Id, h.Score!.Value)), after.Select(k => (k.Key, k.Score)));
        Assert.Contains(after, k => added.Any(a => a.Id == k.Key));
        Assert.DoesNotContain(after, k => k.Key == first[0].Key);
    }

    [Fact]
    public async Task A_record_retagged_or_deleted_between_ranking_and_reading_is_not_read()
    {
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = directory.File("window.db") });
        var chunks = Chunks(store);
        await chunks.EnsureCollectionExistsAsync(Cancel);
        await chunks.UpsertAsync(Enumerable.Range(0, 60).Select(i => Chunk(Guid.NewGuid(), i, "tenant:a")).ToList(), Cancel);
        Expression<Func<ChunkLikeRecord, bool>> tenantA = r => r.Tags.Contains("tenant:a");
        var ranked = await chunks.SearchKeysAsync(Vector(7), 10, tenantA, Cancel);
        var moved = await chunks.GetAsync(ranked[0].Key, new() { IncludeVectors = true }, Cancel);
        moved!.Tags = ["tenant:b"];
        moved.Text = "the other tenant's secret";
        await chunks.UpsertAsync(moved, Cancel);
        await chunks.DeleteAsync(ranked[1].Key, Cancel);

        var read = await chunks.GetPassingAsync(ranked.Select(k => k.Key).ToList(), tenantA, includeVectors: false, Cancel);

        Assert.Equal(8, read.Count);
        Assert.DoesNotContain(read, r => r.Id == ranked[0].Key || r.Id == ranked[1].Key);
        Assert.All(read, r => Assert.Equal(["tenant:a"], r.Tags));
        Assert.All(read, r => Assert.True(r.Embedding.IsEmpty));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_row_retagged_while_deferred_searches_run_is_never_read_with_the_other_tenants_tag(bool sameStore)
    {
        var path = directory.File($"race-{sameStore}.db");
        using var searcherStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var otherStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var searcher = Chunks(searcherStore);
        var writer = sameStore ? searcher : Chunks(otherStore);
        await writer.EnsureCollectionExistsAsync(Cancel);
        await writer.UpsertAsync(Enumerable.Range(1, 400).Select(i => Chunk(Guid.NewGuid(), i, i % 2 == 0 ? "tenant:a" : "tenant:b")).ToList(), Cancel);
        var moving = Chunk(Guid.NewGuid(), 0, "tenant:a");
        await writer.UpsertAsync(moving, Cancel);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var flips = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                moving.Tags = [i % 2 == 0 ? "tenant:b" : "tenant:a"];
                await writer.UpsertAsync(moving, Cancel);
            }
        }, Cancel);

        var leaks = 0;
        var searches = 0;
        var started = DateTime.UtcNow;
        try
        {
            while (DateTime.UtcNow - started < TimeSpan.FromSeconds(2))
            {
                foreach (var tenant in new[] { "tenant:a", "tenant:b" })
                {
                    Expression<Func<ChunkLikeRecord, bool>> filter = r => r.Tags.Contains(tenant);
                    var ranked = await searcher.SearchKeysAsync(Vector(0), 3, filter, Cancel);
                    var keyword = await searcher.KeywordSearchKeysAsync(["row", "alpha"], 3, filter, Cancel);
                    await Task.Yield();
                    var read = await searcher.GetPassingAsync(ranked.Concat(keyword).Select(k => k.Key).ToList(), filter, includeVectors: false, Cancel);
                    searches++;
                    leaks += read.Count(r => !r.Tags.Contains(tenant));
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await flips;
        }

        Assert.True(leaks == 0, $"{leaks} records of another tenant read in {searches} deferred searches");
    }

    private static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Chunks(SqliteVectorStore store) =>
        store.GetCollection<Guid, ChunkLikeRecord>("deferred", ChunkLikeRecord.Definition(Dimensions));

    private static float[] Vector(int i) => Enumerable.Range(0, Dimensions).Select(d => (float)Math.Sin((i * 0.37) + (d * 1.3))).ToArray();

    /// <summary>Texts from a small vocabulary, so keyword queries match many rows with tied and untied scores.</summary>
    private static ChunkLikeRecord Chunk(Guid id, int i, string tag) => new()
    {
        Id = id,
        DocumentId = $"doc-{i / 4}",
        Ordinal = i % 4,
        Text = $"row {i} {Words[i % Words.Length]} {Words[(i * 7) % Words.Length]} {Words[(i / 3) % Words.Length]}",
        Tags = [tag],
        Embedding = Vector(i),
    };

    public void Dispose() => directory.Dispose();
}
