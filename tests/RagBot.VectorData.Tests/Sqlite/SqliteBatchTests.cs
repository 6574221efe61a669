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

    [Fact]
    public async Task Every_row_of_a_multi_statement_batch_stores_its_own_vector()
    {
        // Statements of several rows run one after the other with their parameters refilled in place.
        var ct = TestContext.Current.CancellationToken;
        var path = directory.File("vectors.db");
        var records = Enumerable.Range(0, 101)
            .Select(i => new ChunkLikeRecord { Id = Guid.NewGuid(), Ordinal = i, Text = $"row {i}", Embedding = new float[] { i, -i, i * 0.5f } })
            .ToList();
        using (var store = new SqliteVectorStore(path))
        {
            var collection = store.GetCollection<Guid, ChunkLikeRecord>("rows", ChunkLikeRecord.Definition(3));
            await collection.EnsureCollectionExistsAsync(ct);
            await collection.UpsertAsync(records.Take(60), ct);
            await collection.UpsertAsync(records.Skip(60), ct);
        }

        using var reopened = new SqliteVectorStore(path);
        var stored = await reopened.GetCollection<Guid, ChunkLikeRecord>("rows", ChunkLikeRecord.Definition(3))
            .GetAsync(r => r.Ordinal >= 0, 1000, new() { IncludeVectors = true }, ct).ToListAsync(ct);
        Assert.Equal(101, stored.Count);
        Assert.All(stored, r => Assert.Equal(new float[] { r.Ordinal, -r.Ordinal, r.Ordinal * 0.5f }, r.Embedding.ToArray()));
    }

    [Fact]
    public async Task Deleting_a_collection_returns_its_pages_to_the_file()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = directory.File("vacuum.db");
        using (var store = new SqliteVectorStore(path))
        {
            var collection = store.GetCollection<Guid, ChunkLikeRecord>("old-generation", ChunkLikeRecord.Definition(64));
            await collection.EnsureCollectionExistsAsync(ct);
            await collection.UpsertAsync(Enumerable.Range(0, 2000).Select(i => new ChunkLikeRecord
            {
                Id = Guid.NewGuid(),
                Text = $"chunk {i}",
                Embedding = Enumerable.Repeat((float)i, 64).ToArray(),
            }), ct);
            await store.EnsureCollectionDeletedAsync("old-generation", ct);
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA freelist_count";
        var freePages = (long)(await command.ExecuteScalarAsync(ct))!;
        command.CommandText = "PRAGMA page_count";
        var pages = (long)(await command.ExecuteScalarAsync(ct))!;

        Assert.Equal(0, freePages);
        Assert.True(pages < 20, $"{pages} pages left after deleting the only collection");
    }

    public void Dispose() => directory.Dispose();
}
