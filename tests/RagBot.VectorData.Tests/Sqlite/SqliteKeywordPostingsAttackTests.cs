using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// An outsider's attack on the in-memory keyword postings, through the store's public API on real SQLite files: a
/// second store instance (the CLI beside the API) deleting and re-tagging while the API holds postings;
/// FTS5 query syntax, odd unicode and 10,000-word queries; ties cut at the requested depth; a top near int.MaxValue. Each answer is compared
/// with FTS5's own (a store on the same file with the postings off) and must stay inside the caller's tenant.
/// </summary>
public sealed class SqliteKeywordPostingsAttackTests : IDisposable
{
    private const string TenantA = "tenant:a";
    private const string TenantB = "tenant:b";

    private readonly TempDirectory directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Rows_deleted_or_moved_to_another_tenant_by_a_second_store_instance_never_reach_a_scoped_keyword_search()
    {
        var path = directory.File("two-instances.db");
        using var api = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var cli = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var apiChunks = Chunks(api, "live");
        await apiChunks.EnsureCollectionExistsAsync(Cancel);
        var deleted = Chunk("zebra crossing rules for the plant", TenantA);
        var moved = Chunk("zebra herd census of the plant", TenantA);
        var kept = Chunk("zebra stripes are a tenant a fact", TenantA);
        await apiChunks.UpsertAsync([deleted, moved, kept, Chunk("filler text about nothing", TenantA), Chunk("more filler words", TenantB)], Cancel);

        // The API has built its postings with all three zebra rows in tenant a.
        Assert.Equal(3, (await apiChunks.KeywordSearchAsync(["zebra"], 10, InTenant(TenantA), Cancel).ToListAsync(Cancel)).Count);

        // The CLI deletes one, re-ingests another under the same key into tenant b (same row id, new tags), adds a b row.
        var cliChunks = Chunks(cli, "live");
        await cliChunks.DeleteAsync(deleted.Id, Cancel);
        await cliChunks.UpsertAsync([Chunk("zebra herd census moved to beta", TenantB, moved.Id), Chunk("zebra beta secret", TenantB)], Cancel);

        // Right after the writes (FTS5 answers while the postings rebuild) and once rebuilt, tenant a sees only its row.
        using var fts5 = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, InMemoryKeywordIndex = false });
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var hits = await apiChunks.KeywordSearchAsync(["zebra", "herd", "crossing"], 10, InTenant(TenantA), Cancel).ToListAsync(Cancel);
            Assert.Equal([kept.Id], hits.Select(hit => hit.Record.Id));
            var expected = await Chunks(fts5, "live").KeywordSearchAsync(["zebra", "herd", "beta"], 10, InTenant(TenantB), Cancel).ToListAsync(Cancel);
            var actual = await apiChunks.KeywordSearchAsync(["zebra", "herd", "beta"], 10, InTenant(TenantB), Cancel).ToListAsync(Cancel);
            Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score)), actual.Select(hit => (hit.Record.Id, hit.Score)));
            Assert.All(actual, hit => Assert.Equal([TenantB], hit.Record.Tags));
            await Task.Delay(100, Cancel);
        }
    }

    private static readonly string[] HostileQueries =
    [
        "text:alpha", "NEAR(alpha beta)", "\"alpha", "alpha*", "^alpha", "-alpha NOT beta", "alpha OR", "AND OR NOT", "{text}: alpha",
        "CAFÉ naïve", "abc\uA7C0def", "x\u00b2 \u0661\u0662", "\0alpha\ud800", new string('a', 40_000),
        string.Join(' ', Enumerable.Range(0, 10_000).Select(i => $"w{i}")) + " alpha",

        // Each word two tokens for SQLite's tokenizer: the postings cannot answer, so FTS5 does (the phrase path).
        string.Join(' ', Enumerable.Range(0, 2_000).Select(i => $"w{i}\u00b7q")) + " alpha.beta",
    ];

    public static TheoryData<int> HostileQueryIndexes() => [.. Enumerable.Range(0, HostileQueries.Length)];

    [Theory]
    [MemberData(nameof(HostileQueryIndexes))]
    public async Task Fts5_syntax_odd_unicode_and_huge_queries_answer_as_fts5_does_and_stay_in_the_tenant(int queryIndex)
    {
        var query = HostileQueries[queryIndex];
        var path = directory.File("hostile.db");
        using var postings = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var fts5 = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, InMemoryKeywordIndex = false });
        var chunks = Chunks(postings, "hostile");
        await chunks.EnsureCollectionExistsAsync(Cancel);
        await chunks.UpsertAsync(
        [
            Chunk("text near alpha beta café naïve x² abc\uA7C0def q", TenantA),
            Chunk("alpha beta secret of tenant b w1 w2 w3 text", TenantB),
            Chunk("alpha alpha beta gamma w7·q aaaa", TenantB),
            Chunk("unrelated words only", TenantA),
        ], Cancel);
        var reference = Chunks(fts5, "hostile");

        foreach (var options in new Func<HybridSearchOptions<ChunkLikeRecord>?>[] { () => null, () => InTenant(TenantA), () => new() { Skip = 1 } })
        {
            var expected = await reference.KeywordSearchAsync([query], 10, options(), Cancel).ToListAsync(Cancel);
            var actual = await chunks.KeywordSearchAsync([query], 10, options(), Cancel).ToListAsync(Cancel);
            Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score)), actual.Select(hit => (hit.Record.Id, hit.Score)));
        }

        var scoped = await chunks.KeywordSearchAsync([query], 10, InTenant(TenantA), Cancel).ToListAsync(Cancel);
        Assert.All(scoped, hit => Assert.Equal([TenantA], hit.Record.Tags));
    }

    [Fact]
    public async Task Ties_cut_at_the_requested_depth_keep_the_rows_and_order_fts5_keeps()
    {
        var path = directory.File("ties.db");
        using var postings = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var fts5 = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, InMemoryKeywordIndex = false });
        var chunks = Chunks(postings, "ties");
        await chunks.EnsureCollectionExistsAsync(Cancel);

        // One row per write so row ids follow insertion; every row scores the same for "alpha" (same length, one hit).
        for (var i = 0; i < 40; i++)
        {
            await chunks.UpsertAsync(Chunk($"alpha beta n{i}", i % 2 == 0 ? TenantA : TenantB), Cancel);
        }

        var reference = Chunks(fts5, "ties");
        foreach (var options in new Func<HybridSearchOptions<ChunkLikeRecord>?>[] { () => null, () => InTenant(TenantA), () => new() { Skip = 7 } })
        {
            var expected = await reference.KeywordSearchAsync(["alpha"], 5, options(), Cancel).ToListAsync(Cancel);
            var actual = await chunks.KeywordSearchAsync(["alpha"], 5, options(), Cancel).ToListAsync(Cancel);
            Assert.Single(expected.Select(hit => hit.Score).Distinct());
            Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score)), actual.Select(hit => (hit.Record.Id, hit.Score)));
        }
    }

    [Theory]
    [InlineData(int.MaxValue, 0)]
    [InlineData(int.MaxValue, 2)]
    [InlineData(int.MaxValue - 1, 0)]
    [InlineData(int.MaxValue - 5, 1)]
    public async Task A_top_near_int_MaxValue_with_or_without_skip_answers_as_fts5_does(int top, int skip)
    {
        // MEVD callers ask for "everything" this way. The postings sized their heap by top + skip (int.MaxValue + 1
        // threw, int.MaxValue - 1 tried a 48 GB array) and read an overflowed sum as a depth of 1.
        var path = directory.File("huge-top.db");
        using var postings = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var fts5 = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, InMemoryKeywordIndex = false });
        var chunks = Chunks(postings, "huge-top");
        await chunks.EnsureCollectionExistsAsync(Cancel);
        await chunks.UpsertAsync(Enumerable.Range(0, 6).Select(i => Chunk($"alpha {string.Join(' ', Enumerable.Repeat("beta", i))}", TenantA)), Cancel);

        var expected = await Chunks(fts5, "huge-top").KeywordSearchAsync(["alpha", "beta"], top, new() { Skip = skip }, Cancel).ToListAsync(Cancel);
        var actual = await chunks.KeywordSearchAsync(["alpha", "beta"], top, new() { Skip = skip }, Cancel).ToListAsync(Cancel);
        Assert.Equal(skip == 0 ? 6 : Math.Max(0, 6 - skip), expected.Count);
        Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score)), actual.Select(hit => (hit.Record.Id, hit.Score)));
    }

    private static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Chunks(SqliteVectorStore store, string name) =>
        store.GetCollection<Guid, ChunkLikeRecord>(name, ChunkLikeRecord.Definition(2));

    private static ChunkLikeRecord Chunk(string text, string tenant, Guid? id = null) =>
        new() { Id = id ?? Guid.NewGuid(), Text = text, Tags = [tenant], Embedding = new float[] { 1, 0.5f } };

    private static HybridSearchOptions<ChunkLikeRecord> InTenant(string tenant) => new() { Filter = r => r.Tags.Contains(tenant) };
}
