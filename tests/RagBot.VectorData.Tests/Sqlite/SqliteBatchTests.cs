using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>Batches written with multi-row statements: remainders, and the same key twice in one batch.</summary>
public sealed class SqliteBatchTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task The_last_occurrence_of_a_key_in_a_batch_wins_everywhere()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = new SqliteVectorStore(directory.File("batch.db"));
        var collection = store.GetCollection<Guid, ChunkLikeRecord>("batch", ChunkLikeRecord.Definition(2));
        await collection.EnsureCollectionExistsAsync(ct);
        await collection.SearchAsync(new float[] { 1, 0 }, 1, cancellationToken: ct).ToListAsync(ct);
        var records = Enumerable.Range(0, 101)
            .Select(i => new ChunkLikeRecord { Id = Guid.NewGuid(), Ordinal = i, Text = $"row {i}", Embedding = new float[] { 1, i } })
            .ToList();
        var duplicate = new ChunkLikeRecord { Id = records[40].Id, Ordinal = 999, Text = "replaced", Embedding = new float[] { -1, 0 } };

        await collection.UpsertAsync([.. records, duplicate], ct);

        var all = await collection.GetAsync(r => r.Ordinal >= 0, 1000, cancellationToken: ct).ToListAsync(ct);
        Assert.Equal(101, all.Count);
        Assert.Equal("replaced", (await collection.GetAsync(duplicate.Id, cancellationToken: ct))?.Text);
        var nearest = await collection.SearchAsync(new float[] { -1, 0 }, 1, cancellationToken: ct).SingleAsync(ct);
        Assert.Equal(duplicate.Id, nearest.Record.Id);
        Assert.Equal(1.0, nearest.Score!.Value, 5);
        var vectorHits = await collection.SearchAsync(new float[] { 1, 0 }, 500, cancellationToken: ct).ToListAsync(ct);
        Assert.Equal(101, vectorHits.Count);
    }

    public void Dispose() => directory.Dispose();
}
