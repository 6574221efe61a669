using System.Net;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Qdrant;

namespace RagBot.VectorData.Tests.Qdrant;

public sealed class QdrantCollectionTests
{
    private static readonly DateTimeOffset Opened = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    internal static Hotel NewHotel(ulong id, string name, float[] vector, int rating = 3, string description = "", params string[] tags) => new()
    {
        HotelId = id,
        Name = name,
        Rating = rating,
        Price = 100 + id,
        Open = id % 2 == 0,
        Opened = Opened.AddDays(id),
        Tags = [.. tags],
        Description = description,
        Embedding = vector,
    };

    [Fact]
    public async Task Creating_a_collection_declares_named_dense_and_idf_sparse_vectors_and_payload_indexes()
    {
        await using var context = QdrantTestContext.Start();
        var hotels = context.Hotels();

        await hotels.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        await hotels.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);

        var create = Assert.Single(context.Server.RequestsTo("PUT", "/collections/hotels")).Json;
        Assert.Equal(4, create["vectors"]!["Embedding"]!["size"]!.GetValue<int>());
        Assert.Equal("Cosine", create["vectors"]!["Embedding"]!["distance"]!.GetValue<string>());
        Assert.Equal("idf", create["sparse_vectors"]!["description_bm25"]!["modifier"]!.GetValue<string>());

        var indexes = context.Server.RequestsTo("PUT", "/collections/hotels/index")
            .ToDictionary(request => request.Json["field_name"]!.GetValue<string>(), request => request.Json["field_schema"]!.ToJsonString());
        Assert.Equal("\"keyword\"", indexes["Name"]);
        Assert.Equal("\"integer\"", indexes["Rating"]);
        Assert.Equal("\"float\"", indexes["Price"]);
        Assert.Equal("\"bool\"", indexes["Open"]);
        Assert.Equal("\"datetime\"", indexes["Opened"]);
        Assert.Equal("\"keyword\"", indexes["Tags"]);
        Assert.Contains("\"type\":\"text\"", indexes["description"], StringComparison.Ordinal);
        Assert.False(indexes.ContainsKey("Note"));
        Assert.All(context.Server.RequestsTo("PUT", "/collections/hotels/index"), request => Assert.Equal("true", request.Query["wait"]));
        Assert.True(await hotels.CollectionExistsAsync(TestContext.Current.CancellationToken));
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task Upserted_records_round_trip_with_all_fields_and_optionally_vectors()
    {
        await using var context = QdrantTestContext.Start();
        var hotels = context.Hotels();
        await hotels.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        var hotel = NewHotel(7, "Seaside", [0.6f, 0.8f, 0, 0], 5, "A quiet hotel by the sea", "beach", "spa");
        hotel.Note = null;

        await hotels.UpsertAsync(hotel, TestContext.Current.CancellationToken);
        var withoutVectors = await hotels.GetAsync(7UL, cancellationToken: TestContext.Current.CancellationToken);
        var withVectors = await hotels.GetAsync(7UL, new RecordRetrievalOptions { IncludeVectors = true }, TestContext.Current.CancellationToken);

        Assert.NotNull(withoutVectors);
        Assert.Equal("Seaside", withoutVectors.Name);
        Assert.Equal(5, withoutVectors.Rating);
        Assert.Equal(107, withoutVectors.Price);
        Assert.Equal(Opened.AddDays(7), withoutVectors.Opened);
        Assert.Equal(["beach", "spa"], withoutVectors.Tags);
        Assert.Equal("A quiet hotel by the sea", withoutVectors.Description);
        Assert.Null(withoutVectors.Note);
        Assert.True(withoutVectors.Embedding.IsEmpty);
        Assert.Equal([0.6f, 0.8f, 0, 0], withVectors!.Embedding.ToArray());
        Assert.Equal("true", Assert.Single(context.Server.RequestsTo("PUT", "/collections/hotels/points")).Query["wait"]);
        Assert.Null(await hotels.GetAsync(8UL, cancellationToken: TestContext.Current.CancellationToken));
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task Batch_upserts_are_split_by_batch_size_and_each_waits()
    {
        await using var context = QdrantTestContext.Start(new() { ["UpsertBatchSize"] = "2" });
        var hotels = context.Hotels();
        await hotels.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);

        await hotels.UpsertAsync(
            [.. Enumerable.Range(1, 5).Select(i => NewHotel((ulong)i, $"h{i}", [1, i, 0, 0]))], TestContext.Current.CancellationToken);

        var upserts = context.Server.RequestsTo("PUT", "/collections/hotels/points");
        Assert.Equal([2, 2, 1], upserts.Select(request => request.Json["points"]!.AsArray().Count));
        Assert.All(upserts, request => Assert.Equal("true", request.Query["wait"]));
        var all = await hotels.GetAsync([1UL, 2UL, 3UL, 4UL, 5UL, 6UL], cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(5, all.Count);
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task Delete_by_ids_removes_only_those_points()
    {
        await using var context = QdrantTestContext.Start();
        var hotels = context.Hotels();
        await hotels.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        await hotels.UpsertAsync([.. Enumerable.Range(1, 4).Select(i => NewHotel((ulong)i, $"h{i}", [1, i, 0, 0]))], TestContext.Current.CancellationToken);

        await hotels.DeleteAsync([1UL, 3UL], TestContext.Current.CancellationToken);
        await hotels.DeleteAsync(2UL, TestContext.Current.CancellationToken);

        var left = await hotels.GetAsync([1UL, 2UL, 3UL, 4UL], cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([4UL], left.Select(hotel => hotel.HotelId));
        Assert.All(context.Server.RequestsTo("POST", "/points/delete"), request => Assert.Equal("true", request.Query["wait"]));
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task Guid_keyed_records_defined_at_run_time_round_trip_and_empty_keys_are_generated()
    {
        await using var context = QdrantTestContext.Start();
        var chunks = context.Chunks();
        await chunks.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        var chunk = new ChunkRecord { DocumentId = "doc-1", Ordinal = 2, Text = "Refunds take five days.", Tags = ["team:billing"], Embedding = new float[] { 0, 0, 1, 0 } };

        await chunks.UpsertAsync(chunk, TestContext.Current.CancellationToken);

        Assert.NotEqual(Guid.Empty, chunk.Id);
        var stored = await chunks.GetAsync(chunk.Id, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("doc-1", stored!.DocumentId);
        Assert.Equal(2, stored.Ordinal);
        Assert.Equal(["team:billing"], stored.Tags);
        Assert.Equal(chunk.Id.ToString("D"), context.Server.RequestsTo("PUT", "/collections/chunks/points")[0].Json["points"]![0]!["id"]!.GetValue<string>());
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task Collections_are_listed_and_deleted_under_the_configured_prefix()
    {
        await using var context = QdrantTestContext.Start(new() { ["CollectionPrefix"] = "rb_" });
        await context.Hotels("a").EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        await context.Chunks("b").EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);

        var names = await context.Store.ListCollectionNamesAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        await context.Store.EnsureCollectionDeletedAsync("a", TestContext.Current.CancellationToken);
        await context.Store.EnsureCollectionDeletedAsync("a", TestContext.Current.CancellationToken);

        Assert.Equal(["a", "b"], names.Order());
        Assert.NotEmpty(context.Server.RequestsTo("PUT", "/collections/rb_a"));
        Assert.False(await context.Store.CollectionExistsAsync("a", TestContext.Current.CancellationToken));
        Assert.True(await context.Store.CollectionExistsAsync("b", TestContext.Current.CancellationToken));
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task Operations_on_a_missing_collection_raise_a_vector_store_exception_with_qdrants_status_and_message()
    {
        await using var context = QdrantTestContext.Start();
        var hotels = context.Hotels("missing");

        var error = await Assert.ThrowsAsync<QdrantVectorStoreException>(
            () => hotels.UpsertAsync(NewHotel(1, "x", [1, 0, 0, 0]), TestContext.Current.CancellationToken));

        Assert.IsAssignableFrom<VectorStoreException>(error);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("Not found: Collection `missing` doesn't exist!", error.QdrantError);
        Assert.Equal("missing", error.CollectionName);
        Assert.Equal("Upsert", error.OperationName);
        Assert.Equal("qdrant", error.VectorStoreSystemName);
        Assert.False(await hotels.CollectionExistsAsync(TestContext.Current.CancellationToken));
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task Dynamic_collections_map_dictionaries()
    {
        await using var context = QdrantTestContext.Start();
        var dynamicChunks = context.Store.GetDynamicCollection("dyn", ChunkRecord.Definition(4));
        await dynamicChunks.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        var id = Guid.NewGuid();

        await dynamicChunks.UpsertAsync(
            new Dictionary<string, object?>
            {
                ["Id"] = id, ["DocumentId"] = "d", ["Ordinal"] = 1, ["Text"] = "hello world", ["Tags"] = new List<string> { "a" },
                ["Embedding"] = new ReadOnlyMemory<float>([1, 0, 0, 0]),
            },
            TestContext.Current.CancellationToken);
        var stored = await dynamicChunks.GetAsync(id, new RecordRetrievalOptions { IncludeVectors = true }, TestContext.Current.CancellationToken);

        Assert.Equal("hello world", stored!["Text"]);
        Assert.Equal(1, stored["Ordinal"]);
        Assert.Equal([1f, 0, 0, 0], ((ReadOnlyMemory<float>)stored["Embedding"]!).ToArray());
        context.AssertSpecCompliant();
    }
}
