using System.Text.Json.Nodes;
using Microsoft.Extensions.VectorData;
using static RagBot.VectorData.Tests.Qdrant.QdrantCollectionTests;

namespace RagBot.VectorData.Tests.Qdrant;

public sealed class QdrantHybridSearchTests
{
    [Fact]
    public async Task Hybrid_search_sends_one_query_with_dense_and_sparse_prefetches_fused_by_rrf_and_filtered_on_both()
    {
        await using var context = QdrantTestContext.Start();
        var hotels = context.Hotels();
        await hotels.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        await hotels.UpsertAsync(
            [
                NewHotel(1, "Alpine Lodge", [1, 0, 0, 0], 4, "Ski lodge in the mountains", "ski"),
                NewHotel(2, "Sauna Spa", [0, 1, 0, 0], 5, "Finnish sauna sauna and a sauna garden", "spa"),
                NewHotel(3, "City Inn", [0.9f, 0.1f, 0, 0], 2, "Rooms near the station", "city"),
            ],
            TestContext.Current.CancellationToken);

        var results = await hotels.HybridSearchAsync(
                new ReadOnlyMemory<float>([1, 0, 0, 0]), ["Sauna"], 3, new HybridSearchOptions<Hotel> { Filter = h => h.Rating >= 2 },
                TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

        var query = Assert.Single(context.Server.RequestsTo("POST", "/points/query")).Json;
        Assert.Equal("rrf", query["query"]!["fusion"]!.GetValue<string>());
        var prefetch = query["prefetch"]!.AsArray();
        Assert.Equal(2, prefetch.Count);
        Assert.Equal("Embedding", prefetch[0]!["using"]!.GetValue<string>());
        Assert.Equal("description_bm25", prefetch[1]!["using"]!.GetValue<string>());
        Assert.IsType<JsonObject>(prefetch[1]!["query"]);
        Assert.All(prefetch, p => Assert.NotNull(p!["filter"]));

        // Dense alone ranks 1, 3, 2; the keyword leg finds only 2, and RRF (k = 2) lifts it to the top.
        Assert.Equal([2UL, 1UL, 3UL], results.Select(r => r.Record.HotelId));
        context.AssertSpecCompliant();
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

        // Ask Qdrant's sparse leg alone, exactly as the hybrid prefetch does, with the encoder's query vector.
        var sparse = new RagBot.VectorData.Qdrant.Bm25SparseEncoder(new()).EncodeQuery(["refund", "orders"]);
        var body = new JsonObject
        {
            ["query"] = new JsonObject
            {
                ["indices"] = new JsonArray([.. sparse.Indices.Select(i => (JsonNode)i)]),
                ["values"] = new JsonArray([.. sparse.Values.Select(v => (JsonNode)v)]),
            },
            ["using"] = "Text_bm25",
            ["limit"] = 3,
        };
        using var http = new HttpClient { BaseAddress = context.Server.Url };
        using var response = await http.PostAsync(
            "collections/chunks/points/query", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        var points = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["result"]!["points"]!.AsArray();

        // The short chunk has both terms; "orders" twice in a short chunk beats one "refund" in a 301-token chunk,
        // whose weight length normalization damps (both terms have the same IDF: each is in 2 of 3 chunks).
        var ranked = points.Select(p => Guid.Parse(p!["id"]!.GetValue<string>())).ToList();
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
