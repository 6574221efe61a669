using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// What an outsider can throw at the remembered filter rows: hostile tag values, a flood of distinct filters against
/// the memory bound, and writers racing the searches from another store on the same file.
/// </summary>
public sealed class SqliteFilterCacheAttackTests : IDisposable
{
    private readonly TempDirectory directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hostile_tag_values_each_find_exactly_their_own_row()
    {
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = directory.File("hostile.db") });
        var chunks = Chunks(store);
        await chunks.EnsureCollectionExistsAsync(Cancel);
        string[] hostile =
        [
            "tenant:a'b", "tenant:a\"b", "tenant:a\0b", "tenant:a\0", "tenant:a", "tenant:a]b", "tenant:%", "tenant:\\u0000",
            "1:s5:x", "tenant:" + new string('x', 200_000), "tenant:" + new string('x', 199_999), "tenant:\uD83D\uDE00", "",
        ];
        var rows = hostile.Select((tag, i) => Chunk(i, [tag])).ToList();
        await chunks.UpsertAsync(rows, Cancel);

        // Twice each: the second answer comes from the remembered rows.
        for (var round = 0; round < 2; round++)
        {
            foreach (var (tag, row) in hostile.Zip(rows))
            {
                var hits = await chunks.SearchAsync(row.Embedding, 50, new() { Filter = r => r.Tags.Contains(tag) }, Cancel).ToListAsync(Cancel);
                Assert.Equal(row.Id, Assert.Single(hits).Record.Id);
            }
        }

        var none = await chunks.SearchAsync(rows[0].Embedding, 5, new() { Filter = r => r.Tags.Contains("tenant:a\0c") }, Cancel).ToListAsync(Cancel);
        Assert.Empty(none);
    }

    [Fact]
    public void Filters_that_only_differ_in_where_their_values_split_have_different_keys()
    {
        var a = new SqlFilter("x = @w0 AND y = @w1", [new("@w0", "a:1"), new("@w1", "b")]);
        var b = new SqlFilter("x = @w0 AND y = @w1", [new("@w0", "a"), new("@w1", "1:b")]);
        var c = new SqlFilter("x = @w0 AND y = @w1", [new("@w0", "a:1"), new("@w1", (object)1L)]);
        var d = new SqlFilter("x = @w0 AND y = @w1", [new("@w0", "a:1"), new("@w1", "1")]);

        Assert.Equal(4, new[] { a, b, c, d }.Select(f => f.CacheKey()).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(a.CacheKey(), (a with { }).CacheKey());
    }

    [Fact]
    public async Task A_flood_of_distinct_filters_stays_within_the_memory_and_entry_bounds()
    {
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = directory.File("flood.db"), FilterCacheMegabytes = 1 });
        var chunks = Chunks(store);
        await chunks.EnsureCollectionExistsAsync(Cancel);
        var rows = Enumerable.Range(0, 3_000).Select(i => Chunk(i, ["tenant:all", $"tenant:{i % 40}"])).ToList();
        await chunks.UpsertAsync(rows, Cancel);

        for (var i = 0; i < 1_300; i++)
        {
            var tag = i % 3 == 0 ? $"tenant:{i % 40}" : i % 3 == 1 ? "tenant:all" : $"tenant:absent-{i}-" + new string('y', 1_000);
            var hits = await chunks.SearchAsync(rows[i % rows.Count].Embedding, 3, new() { Filter = r => r.Tags.Contains(tag) }, Cancel).ToListAsync(Cancel);
            Assert.All(hits, hit => Assert.Contains(tag, hit.Record.Tags));
            Assert.InRange(store.PassingRows.MemoryBytes, 0, 1L << 20);
            Assert.InRange(store.PassingRows.Count, 0, PassingRowCache.MaxEntries);
        }

        Assert.True(store.PassingRows.Count > 100, $"{store.PassingRows.Count} filters remembered");
    }

    [Fact]
    public void A_set_larger_than_the_budget_is_not_remembered_and_older_sets_never_replace_newer_ones()
    {
        var cache = new PassingRowCache(10_000);
        cache.Remember(1, "big", new PassingRowSet(1, new long[2_000]));
        Assert.Null(cache.Find(1, "big"));

        cache.Remember(1, "f", new PassingRowSet(5, [1, 2]));
        cache.Remember(1, "f", new PassingRowSet(4, [1]));
        Assert.Equal(5, cache.Find(1, "f")!.Changes);

        cache.Forget(1);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.MemoryBytes);
    }

    [Fact]
    public async Task Searches_racing_another_stores_writers_never_return_another_tenants_rows_and_settle_on_the_truth()
    {
        var path = directory.File("race.db");
        using var searcher = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var writer = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var plain = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, FilterCacheMegabytes = 0, Quantization = SqliteVectorQuantization.None });
        await Chunks(writer).EnsureCollectionExistsAsync(Cancel);
        await Chunks(writer).UpsertAsync(Enumerable.Range(0, 1_000).Select(i => Chunk(i, [i % 10 == 0 ? "tenant:b" : "tenant:a"])).ToList(), Cancel);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var writes = Task.Run(async () =>
        {
            var keys = new List<Guid>();
            for (var i = 1_000; i < 1_400; i++)
            {
                var chunk = Chunk(i, [i % 2 == 0 ? "tenant:b" : "tenant:a"]);
                await Chunks(writer).UpsertAsync(chunk, Cancel);
                keys.Add(chunk.Id);
                if (i % 3 == 0)
                {
                    await Chunks(writer).DeleteAsync(keys[i % keys.Count], Cancel);
                }
            }
        }, Cancel);

        var random = new Random(2);
        while (!writes.IsCompleted)
        {
            foreach (var tenant in new[] { "tenant:a", "tenant:b" })
            {
                var hits = await Chunks(searcher).SearchAsync(Vector(random.Next(1_400)), 20, new() { Filter = r => r.Tags.Contains(tenant) }, Cancel).ToListAsync(Cancel);
                Assert.All(hits, hit => Assert.Equal([tenant], hit.Record.Tags));
            }
        }

        await writes;
        foreach (var tenant in new[] { "tenant:a", "tenant:b" })
        {
            var options = new VectorSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains(tenant) };
            var expected = await Chunks(plain).SearchAsync(Vector(7), 50, options, Cancel).ToListAsync(Cancel);
            var actual = await Chunks(searcher).SearchAsync(Vector(7), 50, options, Cancel).ToListAsync(Cancel);
            Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score)), actual.Select(hit => (hit.Record.Id, hit.Score)));
        }
    }

    private static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Chunks(SqliteVectorStore store) =>
        store.GetCollection<Guid, ChunkLikeRecord>("attack", ChunkLikeRecord.Definition(16));

    private static float[] Vector(int i) => Enumerable.Range(0, 16).Select(d => (float)Math.Sin((i * 0.37) + (d * 1.3))).ToArray();

    private static ChunkLikeRecord Chunk(int i, List<string> tags) => new() { Id = Guid.NewGuid(), Text = $"row {i}", Tags = tags, Embedding = Vector(i) };

    public void Dispose() => directory.Dispose();
}
