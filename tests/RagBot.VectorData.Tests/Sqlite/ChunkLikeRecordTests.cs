using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>The path RagBot's chat and ingestion use: definition-described chunks, filters on document and tags, hybrid search.</summary>
public sealed class ChunkLikeRecordTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly SqliteVectorStore store;
    private readonly SqliteVectorStoreCollection<Guid, ChunkLikeRecord> collection;

    public ChunkLikeRecordTests()
    {
        store = new SqliteVectorStore(directory.File("vectors.db"));
        collection = store.GetCollection<Guid, ChunkLikeRecord>("chunks", ChunkLikeRecord.Definition(4));
    }

    [Fact]
    public async Task Upserted_chunks_come_back_by_key_filter_vector_and_keyword_search()
    {
        var ct = TestContext.Current.CancellationToken;
        await collection.EnsureCollectionExistsAsync(ct);
        var chunks = new[]
        {
            Chunk("doc-a", "v1", 0, "The cat sat on the mat", [1, 0, 0, 0], "lang:en", "kind:pets"),
            Chunk("doc-a", "v1", 1, "Dogs chase cats in the garden", [0.9f, 0.1f, 0, 0], "lang:en"),
            Chunk("doc-b", "v1", 0, "Quarterly revenue grew strongly", [0, 1, 0, 0], "lang:en", "kind:finance"),
            Chunk("doc-c", "v2", 0, "Le chat dort sur le canapé", [0, 0, 1, 0], "lang:fr"),
        };
        await collection.UpsertAsync(chunks, ct);

        var byKey = await collection.GetAsync(chunks[2].Id, cancellationToken: ct);
        Assert.NotNull(byKey);
        Assert.Equal("Quarterly revenue grew strongly", byKey.Text);
        Assert.Equal(["lang:en", "kind:finance"], byKey.Tags);

        var docA = await collection.GetAsync(r => r.DocumentId == "doc-a" && r.DocumentVersion == "v1", 10, cancellationToken: ct).ToListAsync(ct);
        Assert.Equal(2, docA.Count);

        var tag = "lang:fr";
        var french = await collection.GetAsync(r => r.Tags.Contains(tag), 10, cancellationToken: ct).ToListAsync(ct);
        Assert.Equal("doc-c", Assert.Single(french).DocumentId);

        var nearest = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 0, 0, 0]), 2, cancellationToken: ct).ToListAsync(ct);
        Assert.Equal(chunks[0].Id, nearest[0].Record.Id);
        Assert.Equal(1.0, nearest[0].Score!.Value, 5);
        Assert.True(nearest[0].Score > nearest[1].Score);

        var filtered = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 0, 0, 0]), 5,
            new VectorSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains("kind:finance") }, ct).ToListAsync(ct);
        Assert.Equal(chunks[2].Id, Assert.Single(filtered).Record.Id);

        var keyword = await collection.KeywordSearchAsync(["revenue"], 5, cancellationToken: ct).ToListAsync(ct);
        Assert.Equal(chunks[2].Id, Assert.Single(keyword).Record.Id);
        Assert.True(keyword[0].Score > 0);

        await collection.DeleteAsync([chunks[0].Id, chunks[1].Id], ct);
        var afterDelete = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 0, 0, 0]), 10, cancellationToken: ct).ToListAsync(ct);
        Assert.Equal(2, afterDelete.Count);
        Assert.DoesNotContain(afterDelete, r => r.Record.DocumentId == "doc-a");
    }

    public void Dispose()
    {
        collection.Dispose();
        store.Dispose();
        directory.Dispose();
    }

    private static ChunkLikeRecord Chunk(string documentId, string version, int ordinal, string text, float[] vector, params string[] tags) => new()
    {
        Id = Guid.NewGuid(),
        DocumentId = documentId,
        DocumentVersion = version,
        Ordinal = ordinal,
        Text = text,
        Tags = [.. tags],
        Embedding = vector,
    };
}
