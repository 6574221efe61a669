using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Conformance;

/// <summary>Shared plumbing: creates collections on the fixture's store and disposes everything after each test.</summary>
public abstract class ConformanceTestBase<TFixture>(TFixture fixture) : IAsyncLifetime
    where TFixture : VectorStoreFixture
{
    private readonly List<IDisposable> owned = [];
    private readonly List<(VectorStore Store, string Name)> created = [];

    protected TFixture Fixture { get; } = fixture;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected VectorStore NewStore()
    {
        var store = Fixture.CreateStore();
        owned.Add(store);
        return store;
    }

    protected async Task<VectorStoreCollection<Guid, ConformanceRecord>> NewCollectionAsync(
        string distanceFunction = DistanceFunction.CosineSimilarity, int dimensions = 4, bool withSamples = false, string? name = null)
    {
        var store = NewStore();
        name ??= Fixture.NewCollectionName("conf");
        var collection = store.GetCollection<Guid, ConformanceRecord>(name, ConformanceRecord.Definition(distanceFunction, dimensions));
        owned.Add(collection);
        created.Add((store, name));
        await collection.EnsureCollectionExistsAsync(Ct);
        if (withSamples)
        {
            await collection.UpsertAsync(ConformanceRecord.Samples(), Ct);
        }

        return collection;
    }

    protected static async Task<int[]> RanksAsync(IAsyncEnumerable<ConformanceRecord> records) =>
        [.. (await records.ToListAsync(Ct)).Select(r => r.Rank).Order()];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var (store, name) in created)
        {
            try
            {
                await store.EnsureCollectionDeletedAsync(name, CancellationToken.None);
            }
            catch (ObjectDisposedException)
            {
                // The test disposed this store on purpose (reopen tests); the data is cleaned with the fixture.
            }
        }

        foreach (var item in owned)
        {
            item.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
