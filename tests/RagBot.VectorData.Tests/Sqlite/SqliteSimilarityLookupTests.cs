using System.Numerics.Tensors;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// The store scores stored vectors against a query without returning them (what hybrid retrieval uses for keyword
/// hits), and the unfiltered keyword leg (FTS5 alone) ranks exactly as the filtered one (FTS5 joined to the table).
/// </summary>
public sealed class SqliteSimilarityLookupTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Theory]
    [InlineData(SqliteVectorQuantization.None)]
    [InlineData(SqliteVectorQuantization.Int8)]
    public async Task Similarities_are_the_cosines_of_the_stored_vectors_and_follow_writes(SqliteVectorQuantization quantization)
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = directory.File($"sim-{quantization}.db"), Quantization = quantization });
        var collection = (SqliteVectorStoreCollection<Guid, ChunkLikeRecord>)store.GetCollection<Guid, ChunkLikeRecord>("sim", ChunkLikeRecord.Definition(4));
        await collection.EnsureCollectionExistsAsync(ct);
        var random = new Random(17);
        var records = Enumerable.Range(0, 50).Select(i => new ChunkLikeRecord
        {
            Id = Guid.NewGuid(),
            Text = $"note {i}",
            Embedding = Enumerable.Range(0, 4).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray(),
        }).ToList();
        await collection.UpsertAsync(records, ct);
        float[] query = [0.3f, -0.2f, 0.9f, 0.1f];
        var unknown = Guid.NewGuid();

        var scored = await collection.GetSimilaritiesAsync([records[3].Id, records[40].Id, unknown], query, ct);
        records[3].Embedding = new float[] { 0.3f, -0.2f, 0.9f, 0.1f };
        await collection.UpsertAsync(records[3], ct);
        await collection.DeleteAsync(records[40].Id, ct);
        var afterWrites = await collection.GetSimilaritiesAsync([records[3].Id, records[40].Id], query, ct);

        Assert.NotNull(scored);
        Assert.Equal(2, scored.Count);
        Assert.False(scored.ContainsKey(unknown));
        Assert.Equal(TensorPrimitives.CosineSimilarity(records[40].Embedding.Span, query), scored[records[40].Id], 5);
        Assert.NotNull(afterWrites);
        Assert.Equal(1.0, Assert.Single(afterWrites).Value, 5);
        Assert.Equal(records[3].Id, afterWrites.Keys.Single());
    }

    [Fact]
    public async Task Keys_named_from_memory_follow_other_writers_and_a_key_written_again_after_its_delete()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = directory.File("sim-writers.db");
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var otherWriter = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var collection = (SqliteVectorStoreCollection<Guid, ChunkLikeRecord>)store.GetCollection<Guid, ChunkLikeRecord>("sim", ChunkLikeRecord.Definition(2));
        var other = OtherCollection(otherWriter);
        await collection.EnsureCollectionExistsAsync(ct);
        var kept = new ChunkLikeRecord { Id = Guid.NewGuid(), Text = "kept", Embedding = new float[] { 1, 0 } };
        var rewritten = new ChunkLikeRecord { Id = Guid.NewGuid(), Text = "rewritten", Embedding = new float[] { 1, 0 } };
        await collection.UpsertAsync([kept, rewritten], ct);
        float[] query = [0, 1];
        var before = await collection.GetSimilaritiesAsync([kept.Id, rewritten.Id], query, ct);

        // Another store (another process, in production) deletes the row and writes its key again: a new row id, a
        // new vector. The first store catches up; the key must now name the new row, not the retired one.
        await other.DeleteAsync(rewritten.Id, ct);
        rewritten.Embedding = new float[] { 0, 1 };
        var added = new ChunkLikeRecord { Id = Guid.NewGuid(), Text = "added", Embedding = new float[] { -1, 1 } };
        await other.UpsertAsync([rewritten, added], ct);
        var after = await collection.GetSimilaritiesAsync([kept.Id, rewritten.Id, added.Id], query, ct);

        Assert.NotNull(before);
        Assert.Equal(0.0, before[rewritten.Id], 5);
        Assert.NotNull(after);
        Assert.Equal(0.0, after[kept.Id], 5);
        Assert.Equal(1.0, after[rewritten.Id], 5);
        Assert.Equal(Math.Sqrt(0.5), after[added.Id], 5);

        static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> OtherCollection(SqliteVectorStore store) =>
            (SqliteVectorStoreCollection<Guid, ChunkLikeRecord>)store.GetCollection<Guid, ChunkLikeRecord>("sim", ChunkLikeRecord.Definition(2));
    }

    [Fact]
    public async Task Unfiltered_keyword_search_ranks_and_scores_as_the_filtered_one()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = directory.File("fts-shape.db") });
        var collection = (SqliteVectorStoreCollection<Guid, ChunkLikeRecord>)store.GetCollection<Guid, ChunkLikeRecord>("fts", ChunkLikeRecord.Definition(2));
        await collection.EnsureCollectionExistsAsync(ct);
        var words = new[] { "walrus", "heron", "colony", "river", "ice", "nest", "tide", "shore" };
        var random = new Random(5);
        var records = Enumerable.Range(0, 60).Select(i => new ChunkLikeRecord
        {
            Id = Guid.NewGuid(),
            Text = string.Join(' ', Enumerable.Range(0, 3 + random.Next(12)).Select(_ => words[random.Next(words.Length)])),
            Tags = ["all"],
            Embedding = new float[] { 1, 0 },
        }).ToList();
        await collection.UpsertAsync(records, ct);
        string[] keywords = ["walrus", "heron", "heron", "tide"];

        var unfiltered = await collection.KeywordSearchAsync(keywords, 100, cancellationToken: ct).ToListAsync(ct);
        var filtered = await collection.KeywordSearchAsync(keywords, 100, new() { Filter = r => r.Tags.Contains("all") }, ct).ToListAsync(ct);

        Assert.True(unfiltered.Count > 20);
        Assert.Equal(filtered.Select(h => Math.Round(h.Score!.Value, 9)), unfiltered.Select(h => Math.Round(h.Score!.Value, 9)));
        Assert.Equal(filtered.Select(h => h.Record.Id).ToHashSet(), unfiltered.Select(h => h.Record.Id).ToHashSet());
    }

    public void Dispose() => directory.Dispose();
}
