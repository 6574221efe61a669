using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// The API and the CLI open the same file: a reindex in the CLI drops one generation and creates the next. The API's
/// in-memory vectors and postings of the dropped generation must never answer for the new one.
/// </summary>
public sealed class SqliteCollectionIdTests : IDisposable
{
    private readonly TempDirectory directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_collection_created_after_another_process_dropped_the_last_one_is_searched_from_its_own_rows()
    {
        var path = directory.File("generations.db");
        using var api = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var cli = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var first = Chunks(api, "chunks-g1");
        await first.EnsureCollectionExistsAsync(Cancel);
        await first.UpsertAsync([Chunk("apple banana", 1, 0), Chunk("apple pie", 1, 0.1f)], Cancel);
        Assert.Equal(2, (await first.SearchAsync(new ReadOnlyMemory<float>([1, 0]), 10, cancellationToken: Cancel).ToListAsync(Cancel)).Count);
        Assert.Equal(2, (await first.KeywordSearchAsync(["apple"], 10, cancellationToken: Cancel).ToListAsync(Cancel)).Count);

        await Chunks(cli, "chunks-g1").EnsureCollectionDeletedAsync(Cancel);
        var next = Chunks(cli, "chunks-g2");
        await next.EnsureCollectionExistsAsync(Cancel);
        var cherry = Chunk("cherry tart", 0, 1);
        await next.UpsertAsync(cherry, Cancel);

        var viaApi = Chunks(api, "chunks-g2");
        var nearest = await viaApi.SearchAsync(new ReadOnlyMemory<float>([1, 0]), 10, cancellationToken: Cancel).ToListAsync(Cancel);
        Assert.Equal(cherry.Id, Assert.Single(nearest).Record.Id);
        Assert.Empty(await viaApi.KeywordSearchAsync(["apple"], 10, cancellationToken: Cancel).ToListAsync(Cancel));
        Assert.Equal(cherry.Id, Assert.Single(await viaApi.KeywordSearchAsync(["cherry"], 10, cancellationToken: Cancel).ToListAsync(Cancel)).Record.Id);
    }

    [Fact]
    public async Task The_indexes_of_a_generation_another_process_dropped_are_released_when_the_next_one_is_first_used()
    {
        var path = directory.File("retired.db");
        using var api = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var cli = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var old = Chunks(api, "chunks-g1");
        await old.EnsureCollectionExistsAsync(Cancel);
        await old.UpsertAsync(Enumerable.Range(0, 500).Select(i => Chunk($"apple number {i}", 1, i / 500f)), Cancel);
        await old.SearchAsync(new ReadOnlyMemory<float>([1, 0]), 1, cancellationToken: Cancel).ToListAsync(Cancel);
        await old.KeywordSearchAsync(["apple"], 1, cancellationToken: Cancel).ToListAsync(Cancel);
        var holding = api.IndexMemoryBytes;

        await Chunks(cli, "chunks-g1").EnsureCollectionDeletedAsync(Cancel);
        var next = Chunks(cli, "chunks-g2");
        await next.EnsureCollectionExistsAsync(Cancel);
        await next.UpsertAsync(Chunk("cherry tart", 0, 1), Cancel);
        await Chunks(api, "chunks-g2").SearchAsync(new ReadOnlyMemory<float>([1, 0]), 1, cancellationToken: Cancel).ToListAsync(Cancel);

        Assert.True(api.IndexMemoryBytes < holding / 10, $"still holding {api.IndexMemoryBytes} of {holding} bytes");
    }

    private static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Chunks(SqliteVectorStore store, string name) =>
        store.GetCollection<Guid, ChunkLikeRecord>(name, ChunkLikeRecord.Definition(2));

    private static ChunkLikeRecord Chunk(string text, float x, float y) =>
        new() { Id = Guid.NewGuid(), Text = text, Tags = ["tenant:a"], Embedding = new float[] { x, y } };

    public void Dispose() => directory.Dispose();
}
