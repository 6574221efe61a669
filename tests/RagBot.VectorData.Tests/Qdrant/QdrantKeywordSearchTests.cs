using System.Text.Json.Nodes;
using Microsoft.Extensions.VectorData;
using static RagBot.VectorData.Tests.Qdrant.QdrantCollectionTests;

namespace RagBot.VectorData.Tests.Qdrant;

public sealed class QdrantKeywordSearchTests
{
    [Fact]
    public async Task Keyword_search_sends_one_filtered_sparse_query_on_the_bm25_vector_and_no_fusion()
    {
        await using var context = QdrantTestContext.Start();
        var hotels = context.Hotels();
        await hotels.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        await hotels.UpsertAsync(
            [
                NewHotel(1, "Alpine Lodge", [1, 0, 0, 0], 4, "Ski lodge in the mountains", "ski"),
                NewHotel(2, "Sauna Spa", [0, 1, 0, 0], 5, "Finnish sauna sauna and a sauna garden", "spa"),
                NewHotel(3, "City Inn", [0.9f, 0.1f, 0, 0], 1, "Rooms near the station and a sauna", "city"),
            ],
            TestContext.Current.CancellationToken);

        var results = await hotels.KeywordSearchAsync(["Sauna"], 3, new HybridSearchOptions<Hotel> { Filter = h => h.Rating >= 2 }, TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

        var query = Assert.Single(context.Server.RequestsTo("POST", "/points/query")).Json;
        Assert.Equal("description_bm25", query["using"]!.GetValue<string>());
        Assert.IsType<JsonObject>(query["query"]);
        Assert.Null(query["prefetch"]);
        Assert.NotNull(query["filter"]);

        // Only the spa has the word among hotels rated 2 or more (the inn's rating filters it out).
        Assert.Equal([2UL], results.Select(r => r.Record.HotelId));
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task Keywords_without_a_term_send_no_query()
    {
        await using var context = QdrantTestContext.Start();
        var hotels = context.Hotels();
        await hotels.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);

        var results = await hotels.KeywordSearchAsync(["--", " "], 3, cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Empty(results);
        Assert.Empty(context.Server.RequestsTo("POST", "/points/query"));
    }

    [Fact]
    public async Task The_bm25_leg_ranks_by_idf_weighted_and_length_normalized_term_frequency()
    {
        await using var context = QdrantTestContext.Start();
        var chunks = context.Chunks();
        await chunks.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        var vector = new ReadOnlyMemory<float>([1, 0, 0, 0]);
        var shortRefund = new ChunkRecord { Id = Guid.NewGuid(), Text = "Refund policy for orders.", Embedding = vector };
        var longRefund = new ChunkRecord { Id = Guid.NewGuid(), Text = "Refund " + string.Join(' ', Enumerable.Repeat("order", 300)), Embedding = vector };
        var ordersOnly = new ChunkRecord { Id = Guid.NewGuid(), Text = "Orders ship in two days; orders are tracked.", Embedding = vector };
        await chunks.UpsertAsync([shortRefund, longRefund, ordersOnly], TestContext.Current.CancellationToken);

        var ranked = await chunks.KeywordSearchAsync(["refund", "orders"], 3, cancellationToken: TestContext.Current.CancellationToken)
            .Select(hit => hit.Record.Id).ToListAsync(TestContext.Current.CancellationToken);

        // The short chunk has both terms; "orders" twice in a short chunk beats one "refund" in a 301-token chunk,
        // whose weight length normalization damps (both terms have the same IDF: each is in 2 of 3 chunks).
        Assert.Equal([shortRefund.Id, ordersOnly.Id, longRefund.Id], ranked);
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task Upserted_points_carry_a_bm25_sparse_vector_of_the_full_text_property()
    {
        await using var context = QdrantTestContext.Start();
        var hotels = context.Hotels();
        await hotels.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);

        await hotels.UpsertAsync(NewHotel(1, "x", [1, 0, 0, 0], 1, "sauna Sauna spa"), TestContext.Current.CancellationToken);

        var sparse = context.Server.RequestsTo("PUT", "/collections/hotels/points")[0].Json["points"]![0]!["vector"]!["description_bm25"]!;
        var indices = sparse["indices"]!.AsArray().Select(i => i!.GetValue<uint>()).ToArray();
        Assert.Equal(2, indices.Length);
        Assert.Equal(indices.Order(), indices);
        Assert.Contains(RagBot.VectorData.Qdrant.Bm25SparseEncoder.TermId("sauna"), indices);
        context.AssertSpecCompliant();
    }
}
