using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Qdrant;

public sealed class QdrantSchemaCheckTests
{
    [Fact]
    public async Task An_existing_collection_with_another_dimension_fails_at_ensure_with_an_actionable_message()
    {
        await using var context = QdrantTestContext.Start();
        await context.Store.GetCollection<Guid, ChunkRecord>("chunks", ChunkRecord.Definition(4)).EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        var resized = context.Store.GetCollection<Guid, ChunkRecord>("chunks", ChunkRecord.Definition(8));

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => resized.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("'Embedding' is 4 dimensions with Cosine distance, but the record definition asks for 8 with Cosine", error.Message, StringComparison.Ordinal);
        Assert.Contains("SwitchAliasAsync", error.Message, StringComparison.Ordinal);
        Assert.Single(context.Server.RequestsTo("PUT", "/collections/chunks"));
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task An_existing_compatible_collection_is_left_alone()
    {
        await using var context = QdrantTestContext.Start();
        await context.Chunks().EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        var indexRequests = context.Server.RequestsTo("PUT", "/collections/chunks/index").Count;

        await context.Chunks().EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);

        Assert.Single(context.Server.RequestsTo("PUT", "/collections/chunks"));
        Assert.Equal(indexRequests, context.Server.RequestsTo("PUT", "/collections/chunks/index").Count);
        context.AssertSpecCompliant();
    }
}
