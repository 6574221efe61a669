using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// A filtered vector search remembers the filter's rows and scans int8 estimates with proven bounds; it must return
/// exactly what the plain path returns (select the passing rows, score each in float32): same rows, order and scores.
/// The reference is a second store on the same file with int8 and the filter cache off, which runs that plain path.
/// </summary>
public sealed class SqliteFilteredVectorSearchTests : IDisposable
{
    private const string Common = "tenant:common";
    private const string Rare = "tenant:rare";
    private const string Nobody = "tenant:nobody";
    private const int Dimensions = 48;

    private readonly TempDirectory directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, int, int> Cases()
    {
        var cases = new TheoryData<string, string, int, int>();
        foreach (var distance in new[] { DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance })
        {
            cases.Add(distance, Common, 10, 0);
            cases.Add(distance, Common, 7, 5);
            cases.Add(distance, Rare, 10, 0);
            cases.Add(distance, Nobody, 10, 0);
        }

        cases.Add(DistanceFunction.CosineSimilarity, Common, 200, 0);
        cases.Add(DistanceFunction.CosineSimilarity, Rare, int.MaxValue - 1, 0);
        cases.Add(DistanceFunction.CosineSimilarity, Common, int.MaxValue, 3);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_filtered_search_returns_what_scoring_every_passing_row_in_float32_returns(string distance, string tenant, int top, int skip)
    {
        var (fast, plain) = Stores($"filtered-{distance}.db");
        using var _ = fast;
        using var __ = plain;
        await SeedAsync(Chunks(fast, distance), new Random(5));
        var random = new Random(9);
        for (var q = 0; q < 6; q++)
        {
            var options = new VectorSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains(tenant), Skip = skip };
            var query = Query(random);

            var expected = await Chunks(plain, distance).SearchAsync(query, top, options, Cancel).ToListAsync(Cancel);
            var actual = await Chunks(fast, distance).SearchAsync(query, top, options, Cancel).ToListAsync(Cancel);

            Assert.All(actual, hit => Assert.Contains(tenant, hit.Record.Tags));
            Assert.Equal(Hits(expected), Hits(actual));
            Assert.Equal(tenant == Nobody, actual.Count == 0);
        }
    }

    [Theory]
    [InlineData(int.MaxValue, 0)]
    [InlineData(int.MaxValue, 4)]
    [InlineData(int.MaxValue - 1, 1)]
    public async Task A_top_near_int_max_value_returns_every_row_after_the_skip(int top, int skip)
    {
        var (fast, plain) = Stores("huge-top.db");
        using var _ = fast;
        using var __ = plain;
        await SeedAsync(Chunks(fast), new Random(12));
        var query = Query(new Random(13));

        foreach (var filter in new System.Linq.Expressions.Expression<Func<ChunkLikeRecord, bool>>?[] { null, r => r.Tags.Contains(Rare) })
        {
            // The same search asking for exactly the rows there are (each path alike: unfiltered, int8 and float
            // order equal scores differently, as they always did).
            var options = new VectorSearchOptions<ChunkLikeRecord> { Filter = filter, Skip = skip };
            var rows = (filter is null ? 2_400 : 24) - skip;
            var expected = await Chunks(fast).SearchAsync(query, rows, options, Cancel).ToListAsync(Cancel);
            var actual = await Chunks(fast).SearchAsync(query, top, options, Cancel).ToListAsync(Cancel);

            Assert.Equal(rows, actual.Count);
            Assert.Equal(Hits(expected), Hits(actual));
            if (filter is not null)
            {
                Assert.Equal(Hits(await Chunks(plain).SearchAsync(query, top, options, Cancel).ToListAsync(Cancel)), Hits(actual));
            }
        }
    }

    [Fact]
    public async Task Rows_with_equal_scores_come_back_as_the_plain_path_returns_them()
    {
        var (fast, plain) = Stores("ties.db");
        using var _ = fast;
        using var __ = plain;
        var random = new Random(3);
        var twin = NearCluster(random);
        var records = Enumerable.Range(0, 900).Select(i => Chunk(i % 3 == 0 ? twin : NearCluster(random), i % 50 == 0 ? [Rare, Common] : [Common]));
        await Chunks(fast).EnsureCollectionExistsAsync(Cancel);
        await Chunks(fast).UpsertAsync(records.ToList(), Cancel);
        var options = new VectorSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains(Common) };

        var expected = await Chunks(plain).SearchAsync(twin, 20, options, Cancel).ToListAsync(Cancel);
        var actual = await Chunks(fast).SearchAsync(twin, 20, options, Cancel).ToListAsync(Cancel);

        Assert.Equal(20, expected.Count(hit => hit.Score == expected[0].Score));
        Assert.Equal(Hits(expected), Hits(actual));
    }

    [Fact]
    public async Task A_score_threshold_keeps_the_same_rows()
    {
        var (fast, plain) = Stores("threshold.db");
        using var _ = fast;
        using var __ = plain;
        await SeedAsync(Chunks(fast), new Random(6));
        var query = Query(new Random(1));
        var all = await Chunks(plain).SearchAsync(query, 40, new() { Filter = r => r.Tags.Contains(Common) }, Cancel).ToListAsync(Cancel);
        var options = new VectorSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains(Common), ScoreThreshold = all[25].Score, Skip = 2 };

        var expected = await Chunks(plain).SearchAsync(query, 40, options, Cancel).ToListAsync(Cancel);
        var actual = await Chunks(fast).SearchAsync(query, 40, options, Cancel).ToListAsync(Cancel);

        Assert.InRange(actual.Count, 20, 26);
        Assert.Equal(Hits(expected), Hits(actual));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rows_added_deleted_or_retagged_by_another_store_or_the_same_are_seen_by_the_next_search(bool sameStore)
    {
        var path = directory.File($"writes-{sameStore}.db");
        using var searcher = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var other = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var writer = sameStore ? searcher : other;
        using var plain = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, FilterCacheMegabytes = 0, Quantization = SqliteVectorQuantization.None });
        var random = new Random(8);
        var seeded = await SeedAsync(Chunks(writer), random);
        var query = Query(random);
        var options = new VectorSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains(Rare) };
        var before = await Chunks(searcher).SearchAsync(query, 5, options, Cancel).ToListAsync(Cancel);

        // A new rare row that ranks first, the best rare row deleted, the second re-tagged common, and a common row
        // re-tagged rare.
        var newcomer = Chunk(query, [Rare]);
        await Chunks(writer).UpsertAsync(newcomer, Cancel);
        await Chunks(writer).DeleteAsync(before[0].Record.Id, Cancel);
        var retagged = seeded.Single(r => r.Id == before[1].Record.Id);
        retagged.Tags = [Common];
        var promoted = seeded.First(r => !r.Tags.Contains(Rare));
        promoted.Tags = [Rare];
        await Chunks(writer).UpsertAsync([retagged, promoted], Cancel);

        var expected = await Chunks(plain).SearchAsync(query, 5, options, Cancel).ToListAsync(Cancel);
        var after = await Chunks(searcher).SearchAsync(query, 5, options, Cancel).ToListAsync(Cancel);

        Assert.Equal(newcomer.Id, after[0].Record.Id);
        Assert.DoesNotContain(after, hit => hit.Record.Id == before[0].Record.Id || hit.Record.Id == retagged.Id);
        Assert.Equal(Hits(expected), Hits(after));
        var promotedHits = await Chunks(searcher).SearchAsync(promoted.Embedding, 1, options, Cancel).ToListAsync(Cancel);
        Assert.Equal(promoted.Id, promotedHits[0].Record.Id);
    }

    [Fact]
    public async Task The_keyword_leg_uses_the_remembered_rows_and_still_sees_other_stores_writes()
    {
        var path = directory.File("keyword.db");
        using var searcher = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var writer = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var fts5 = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, InMemoryKeywordIndex = false, FilterCacheMegabytes = 0 });
        var random = new Random(4);
        await SeedAsync(Chunks(writer), random);
        foreach (var tenant in new[] { Common, Rare })
        {
            var vectorOptions = new VectorSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains(tenant) };
            var keywordOptions = new HybridSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains(tenant) };
            _ = await Chunks(searcher).SearchAsync(NearCluster(random), 5, vectorOptions, Cancel).ToListAsync(Cancel);
            await Chunks(writer).UpsertAsync(Chunk(NearCluster(random), [tenant], "alpha alpha alpha"), Cancel);

            var expected = await Chunks(fts5).KeywordSearchAsync(["alpha"], 30, keywordOptions, Cancel).ToListAsync(Cancel);
            var actual = await Chunks(searcher).KeywordSearchAsync(["alpha"], 30, keywordOptions, Cancel).ToListAsync(Cancel);

            Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score)), actual.Select(hit => (hit.Record.Id, hit.Score)));
            Assert.Equal("alpha alpha alpha", actual[0].Record.Text);
        }
    }

    private (SqliteVectorStore Fast, SqliteVectorStore Plain) Stores(string file)
    {
        var path = directory.File(file);
        var tuning = new SqliteVectorStoreOptions { DatabasePath = path, MaxSearchParallelism = 2, MinimumVectorsPerPartition = 300 };
        var plain = new SqliteVectorStoreOptions { DatabasePath = path, FilterCacheMegabytes = 0, Quantization = SqliteVectorQuantization.None };
        return (new SqliteVectorStore(tuning), new SqliteVectorStore(plain));
    }

    /// <summary>
    /// 2,400 rows: most are near-copies of one vector (their int8 codes cannot tell them apart, so an int8 shortlist
    /// alone would pick the wrong ones), 1% carry the rare tag, every other row the common one.
    /// </summary>
    private static async Task<List<ChunkLikeRecord>> SeedAsync(SqliteVectorStoreCollection<Guid, ChunkLikeRecord> chunks, Random random)
    {
        await chunks.EnsureCollectionExistsAsync(Cancel);
        var records = Enumerable.Range(0, 2_400)
            .Select(i => Chunk(i % 5 == 0 ? Spread(random) : NearCluster(random), i % 100 == 7 ? [Rare] : [Common], $"alpha beta {i}"))
            .ToList();
        await chunks.UpsertAsync(records, Cancel);
        return records;
    }

    private static float[] NearCluster(Random random) =>
        Enumerable.Range(0, Dimensions).Select(d => (float)(Math.Sin(d) + ((random.NextDouble() - 0.5) * 0.02))).ToArray();

    /// <summary>A query off the cluster's direction: the cluster rows' float scores differ, their int8 estimates barely.</summary>
    private static float[] Query(Random random) => NearCluster(random).Zip(Spread(random), (a, b) => a + b).ToArray();

    private static float[] Spread(Random random) => Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();

    private static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Chunks(SqliteVectorStore store, string distance = DistanceFunction.CosineSimilarity) =>
        store.GetCollection<Guid, ChunkLikeRecord>("filtered-" + distance, ChunkLikeRecord.Definition(Dimensions, distance));

    private static ChunkLikeRecord Chunk(float[] vector, List<string> tags, string text = "beta") =>
        new() { Id = Guid.NewGuid(), Text = text, Tags = tags, Embedding = vector };

    private static List<(Guid, double?)> Hits(List<VectorSearchResult<ChunkLikeRecord>> hits) => hits.Select(hit => (hit.Record.Id, hit.Score)).ToList();

    public void Dispose() => directory.Dispose();
}
