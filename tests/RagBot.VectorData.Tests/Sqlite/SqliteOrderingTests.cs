using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;
using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>Orderings beyond the conformance suite's single numeric key: strings and several keys.</summary>
public sealed class SqliteOrderingTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Get_by_filter_orders_by_several_keys_including_strings()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = new SqliteVectorStore(directory.File("order.db"));
        var collection = store.GetCollection<Guid, ConformanceRecord>("order", ConformanceRecord.Definition());
        await collection.EnsureCollectionExistsAsync(ct);
        await collection.UpsertAsync(ConformanceRecord.Samples(), ct);

        var ordered = await collection.GetAsync(r => r.Rank > 0, 5, new FilteredRecordRetrievalOptions<ConformanceRecord>
        {
            OrderBy = o => o.Ascending(r => r.Category).Descending(r => r.Rank),
        }, ct).ToListAsync(ct);

        Assert.Equal([2, 1, 5, 4, 3], ordered.Select(r => r.Rank));
    }

    public void Dispose() => directory.Dispose();
}
