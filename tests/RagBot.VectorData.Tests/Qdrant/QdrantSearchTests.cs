using static RagBot.VectorData.Tests.Qdrant.QdrantCollectionTests;

namespace RagBot.VectorData.Tests.Qdrant;

public sealed class QdrantSearchTests
{
    private static async Task<QdrantTestContext> SeededAsync()
    {
        var context = QdrantTestContext.Start();
        var hotels = context.Hotels();
        await hotels.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        await hotels.UpsertAsync(
            [
                NewHotel(1, "Alpine Lodge", [1, 0, 0, 0], 4, "Ski lodge in the mountains with a sauna", "ski", "spa"),
                NewHotel(2, "Beach House", [0, 1, 0, 0], 5, "Rooms on the beach, surf lessons", "beach"),
                NewHotel(3, "City Inn", [0.9f, 0.1f, 0, 0], 2, "Cheap rooms near the station", "city"),
                NewHotel(4, "Harbour View", [0.7f, 0.7f, 0, 0], 3, "Sea view rooms and a sauna", "beach", "spa"),
            ],
            TestContext.Current.CancellationToken);
        return context;
    }

    [Fact]
    public async Task Vector_search_ranks_by_cosine_and_honours_top_skip_filter_and_threshold()
    {
        await using var context = await SeededAsync();
        var hotels = context.Hotels();
        var query = new ReadOnlyMemory<float>([1, 0, 0, 0]);

        var ranked = await hotels.SearchAsync(query, 3, cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var skipped = await hotels.SearchAsync(query, 2, new() { Skip = 1 }, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var filtered = await hotels.SearchAsync(query, 5, new() { Filter = h => h.Tags.Contains("beach") }, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var confident = await hotels.SearchAsync(query, 5, new() { ScoreThreshold = 0.8 }, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal([1UL, 3UL, 4UL], ranked.Select(r => r.Record.HotelId));
        Assert.Equal(1.0, ranked[0].Score!.Value, 5);
        Assert.Equal([3UL, 4UL], skipped.Select(r => r.Record.HotelId));
        Assert.Equal([4UL, 2UL], filtered.Select(r => r.Record.HotelId));
        Assert.Equal([1UL, 3UL], confident.Select(r => r.Record.HotelId));
        Assert.True(ranked[0].Record.Embedding.IsEmpty);

        var request = context.Server.RequestsTo("POST", "/points/query")[3].Json;
        Assert.Equal(0.8, request["score_threshold"]!.GetValue<double>(), 5);
        Assert.Equal("Embedding", request["using"]!.GetValue<string>());
        Assert.False(request["with_vector"]!.GetValue<bool>());
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task Vector_search_returns_vectors_only_when_asked()
    {
        await using var context = await SeededAsync();

        var hit = await context.Hotels().SearchAsync(new float[] { 0, 1, 0, 0 }, 1, new() { IncludeVectors = true }, TestContext.Current.CancellationToken)
            .SingleAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2UL, hit.Record.HotelId);
        Assert.Equal([0f, 1, 0, 0], hit.Record.Embedding.ToArray());
        Assert.Equal("[\"Embedding\"]", context.Server.RequestsTo("POST", "/points/query")[0].Json["with_vector"]!.ToJsonString());
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task Filtered_get_scrolls_with_top_skip_and_order()
    {
        await using var context = await SeededAsync();
        var hotels = context.Hotels();

        var all = await hotels.GetAsync(h => h.Rating >= 2, 10, cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var page = await hotels.GetAsync(h => h.Rating >= 2, 2, new() { Skip = 1 }, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var byName = await hotels.GetAsync(h => h.Rating > 0, 2, new() { OrderBy = o => o.Descending(h => h.Name) }, TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal([1UL, 2UL, 3UL, 4UL], all.Select(h => h.HotelId));
        Assert.Equal([2UL, 3UL], page.Select(h => h.HotelId));
        Assert.Equal(["Harbour View", "City Inn"], byName.Select(h => h.Name));
        context.AssertSpecCompliant();
    }

    [Theory]
    [InlineData("eq-string", new ulong[] { 2 })]
    [InlineData("neq", new ulong[] { 1, 3, 4 })]
    [InlineData("range-int", new ulong[] { 1, 2 })]
    [InlineData("range-double", new ulong[] { 1, 2 })]
    [InlineData("and-or-not", new ulong[] { 1, 4 })]
    [InlineData("list-contains", new ulong[] { 1, 4 })]
    [InlineData("in-values", new ulong[] { 1, 3 })]
    [InlineData("bool", new ulong[] { 2, 4 })]
    [InlineData("date", new ulong[] { 3, 4 })]
    [InlineData("key", new ulong[] { 3 })]
    [InlineData("null", new ulong[] { 1, 2, 3, 4 })]
    public async Task Filters_select_the_same_records_qdrant_would(string name, ulong[] expected)
    {
        await using var context = await SeededAsync();
        var names = new[] { "Alpine Lodge", "City Inn" };
        var since = new DateTimeOffset(2024, 5, 4, 0, 0, 0, TimeSpan.Zero);
        System.Linq.Expressions.Expression<Func<Hotel, bool>> filter = name switch
        {
            "eq-string" => h => h.Name == "Beach House",
            "neq" => h => h.Name != "Beach House",
            "range-int" => h => h.Rating > 3 && h.Rating <= 5,
            "range-double" => h => h.Price < 102.5,
            "and-or-not" => h => (h.Tags.Contains("spa") || h.Rating == 2) && !(h.Name == "City Inn"),
            "list-contains" => h => h.Tags.Contains("spa"),
            "in-values" => h => names.Contains(h.Name),
            "bool" => h => h.Open,
            "date" => h => h.Opened >= since,
            "key" => h => h.HotelId == 3,
            "null" => h => h.Note == null,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var found = await context.Hotels().GetAsync(filter, 10, cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected, found.Select(h => h.HotelId).Order());
        context.AssertSpecCompliant();
    }
}
