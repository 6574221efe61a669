using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>The FTS5 index follows updates and deletes, and keyword search scores by BM25.</summary>
public sealed class SqliteKeywordIndexTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Keyword_search_follows_text_updates_and_deletes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = directory.File("fts.db") });
        var collection = store.GetCollection<Guid, ChunkLikeRecord>("fts", ChunkLikeRecord.Definition(2));
        await collection.EnsureCollectionExistsAsync(ct);
        var record = new ChunkLikeRecord { Id = Guid.NewGuid(), Text = "the original walrus", Embedding = new float[] { 1, 0 } };
        var other = new ChunkLikeRecord { Id = Guid.NewGuid(), Text = "an unrelated heron", Embedding = new float[] { 0, 1 } };
        await collection.UpsertAsync([record, other], ct);

        var before = await collection.KeywordSearchAsync(["walrus"], 2, cancellationToken: ct).ToListAsync(ct);
        record.Text = "the replacement narwhal";
        await collection.UpsertAsync(record, ct);
        var oldWord = await collection.KeywordSearchAsync(["walrus"], 2, cancellationToken: ct).ToListAsync(ct);
        var newWord = await collection.KeywordSearchAsync(["narwhals"], 2, cancellationToken: ct).ToListAsync(ct);
        await collection.DeleteAsync(record.Id, ct);
        var afterDelete = await collection.KeywordSearchAsync(["narwhal", "heron"], 2, cancellationToken: ct).ToListAsync(ct);

        Assert.Equal(record.Id, Assert.Single(before).Record.Id);
        Assert.Empty(oldWord);
        Assert.Equal(record.Id, Assert.Single(newWord).Record.Id);
        Assert.Equal(other.Id, Assert.Single(afterDelete).Record.Id);
    }

    [Fact]
    public async Task Keyword_search_scores_are_bm25_and_a_repeated_word_weighs_more()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = directory.File("bm25.db") });
        var collection = store.GetCollection<Guid, ChunkLikeRecord>("bm25", ChunkLikeRecord.Definition(2));
        await collection.EnsureCollectionExistsAsync(ct);
        var fillers = Enumerable.Range(0, 8).Select(i => new ChunkLikeRecord { Id = Guid.NewGuid(), Text = $"filler note number {i}", Embedding = new float[] { 1, 0 } });
        var walrus = new ChunkLikeRecord { Id = Guid.NewGuid(), Text = "walrus colony on the ice", Embedding = new float[] { 1, 0 } };
        var heron = new ChunkLikeRecord { Id = Guid.NewGuid(), Text = "heron nesting by the river", Embedding = new float[] { 1, 0 } };
        await collection.UpsertAsync([.. fillers, walrus, heron], ct);

        var once = await collection.KeywordSearchAsync(["walrus", "heron"], 5, cancellationToken: ct).ToListAsync(ct);
        var twice = await collection.KeywordSearchAsync(["walrus", "heron", "heron"], 5, cancellationToken: ct).ToListAsync(ct);

        Assert.Equal(2, once.Count);
        Assert.Equal(once[0].Score!.Value, once[1].Score!.Value, 9);
        Assert.All(once, hit => Assert.True(hit.Score > 0));
        Assert.Equal(heron.Id, twice[0].Record.Id);
        Assert.Equal(2 * twice[1].Score!.Value, twice[0].Score!.Value, 9);
    }

    public void Dispose() => directory.Dispose();
}
