using static RagBot.VectorData.Tests.Qdrant.QdrantCollectionTests;

namespace RagBot.VectorData.Tests.Qdrant;

public sealed class QdrantAliasTests
{
    [Fact]
    public async Task Switching_an_alias_is_one_atomic_request_and_readers_follow_it()
    {
        await using var context = QdrantTestContext.Start(new() { ["CollectionPrefix"] = "rb_" });
        var generation1 = context.Hotels("hotels_v1");
        var generation2 = context.Hotels("hotels_v2");
        await generation1.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        await generation2.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        await generation1.UpsertAsync(NewHotel(1, "old", [1, 0, 0, 0]), TestContext.Current.CancellationToken);
        await generation2.UpsertAsync(NewHotel(1, "new", [1, 0, 0, 0]), TestContext.Current.CancellationToken);

        await context.Store.CreateAliasAsync("hotels", "hotels_v1", TestContext.Current.CancellationToken);
        var beforeSwitch = await context.Hotels("hotels").GetAsync(1UL, cancellationToken: TestContext.Current.CancellationToken);
        await context.Store.SwitchAliasAsync("hotels", "hotels_v2", TestContext.Current.CancellationToken);
        var afterSwitch = await context.Hotels("hotels").GetAsync(1UL, cancellationToken: TestContext.Current.CancellationToken);
        var aliases = await context.Store.ListAliasesAsync(TestContext.Current.CancellationToken);

        Assert.Equal("old", beforeSwitch!.Name);
        Assert.Equal("new", afterSwitch!.Name);
        Assert.Equal([new RagBot.VectorData.Qdrant.QdrantCollectionAlias("hotels", "hotels_v2")], aliases);
        var switchRequest = context.Server.RequestsTo("POST", "/collections/aliases")[1].Json["actions"]!.AsArray();
        Assert.Equal("rb_hotels", switchRequest[0]!["delete_alias"]!["alias_name"]!.GetValue<string>());
        Assert.Equal("rb_hotels_v2", switchRequest[1]!["create_alias"]!["collection_name"]!.GetValue<string>());

        await context.Store.DeleteAliasAsync("hotels", TestContext.Current.CancellationToken);
        Assert.Empty(await context.Store.ListAliasesAsync(TestContext.Current.CancellationToken));
        context.AssertSpecCompliant();
    }
}
