using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// A filtered keyword search over the in-memory postings ranks first and checks the filter on the best candidates,
/// going deeper in rounds: a rare tenant whose rows all rank last must still get exactly what FTS5 returns.
/// </summary>
public sealed class SqliteKeywordPostFilterTests : IDisposable
{
    private const string Common = "tenant:common";
    private const string Rare = "tenant:rare";

    private readonly TempDirectory directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Rare, 10, 0)]
    [InlineData(Rare, 3, 2)]
    [InlineData(Common, 10, 0)]
    [InlineData(Common, 300, 5)]
    public async Task A_filtered_search_returns_what_fts5_returns_however_deep_the_allowed_rows_rank(string tenant, int top, int skip)
    {
        var path = directory.File("post-filter.db");
        using var postings = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var fts5 = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, InMemoryKeywordIndex = false });
        var chunks = Chunks(postings);
        await chunks.EnsureCollectionExistsAsync(Cancel);

        // 3,000 common rows say "alpha" once in a short text (they rank high); the 6 rare rows say it once in a long
        // text (they rank below every common row), so the first rounds of candidates hold none of them.
        var common = Enumerable.Range(0, 3_000).Select(i => Chunk($"alpha beta {i}", Common));
        var rare = Enumerable.Range(0, 6).Select(i => Chunk($"alpha {string.Join(' ', Enumerable.Repeat("filler", 40 + i))}", Rare));
        await chunks.UpsertAsync(common.Concat(rare).ToList(), Cancel);
        var options = new HybridSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains(tenant), Skip = skip };

        var expected = await Chunks(fts5).KeywordSearchAsync(["alpha"], top, options, Cancel).ToListAsync(Cancel);
        var actual = await chunks.KeywordSearchAsync(["alpha"], top, options, Cancel).ToListAsync(Cancel);

        Assert.NotEmpty(expected);
        Assert.All(actual, hit => Assert.Equal([tenant], hit.Record.Tags));
        Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score)), actual.Select(hit => (hit.Record.Id, hit.Score)));
    }

    private static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Chunks(SqliteVectorStore store) =>
        store.GetCollection<Guid, ChunkLikeRecord>("post-filter", ChunkLikeRecord.Definition(2));

    private static ChunkLikeRecord Chunk(string text, string tenant) =>
        new() { Id = Guid.NewGuid(), Text = text, Tags = [tenant], Embedding = new float[] { 1, 0.5f } };

    public void Dispose() => directory.Dispose();
}
