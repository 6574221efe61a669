using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Conformance;

/// <summary>Each filter operator, applied through Get-by-filter and through vector search.</summary>
public abstract class FilterConformanceTests<TFixture>(TFixture fixture) : ConformanceTestBase<TFixture>(fixture)
    where TFixture : VectorStoreFixture
{
    [Theory]
    [MemberData(nameof(FilterCases.Names), MemberType = typeof(FilterCases))]
    public async Task Get_by_filter_returns_exactly_the_matching_records(string caseName)
    {
        var (filter, expected) = FilterCases.All[caseName];
        var collection = await NewCollectionAsync(withSamples: true);

        Assert.Equal(expected, await RanksAsync(collection.GetAsync(filter, 100, cancellationToken: Ct)));
    }

    [Theory]
    [MemberData(nameof(FilterCases.Names), MemberType = typeof(FilterCases))]
    public async Task Vector_search_applies_the_filter(string caseName)
    {
        var (filter, expected) = FilterCases.All[caseName];
        var collection = await NewCollectionAsync(withSamples: true);

        var hits = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 1, 1, 1]), 10,
            new VectorSearchOptions<ConformanceRecord> { Filter = filter }, Ct).ToListAsync(Ct);

        Assert.Equal(expected, hits.Select(h => h.Record.Rank).Order());
    }

    [Fact]
    public async Task Get_by_filter_honours_top_skip_and_order()
    {
        var collection = await NewCollectionAsync(withSamples: true);

        var descending = await collection.GetAsync(r => r.Rank > 0, 2, new FilteredRecordRetrievalOptions<ConformanceRecord>
        {
            Skip = 1,
            OrderBy = o => o.Descending(r => r.Rank),
        }, Ct).ToListAsync(Ct);
        var ascending = await collection.GetAsync(r => r.Rank != 2, 3, new FilteredRecordRetrievalOptions<ConformanceRecord>
        {
            OrderBy = o => o.Ascending(r => r.Rank),
        }, Ct).ToListAsync(Ct);

        Assert.Equal([4, 3], descending.Select(r => r.Rank));
        Assert.Equal([1, 3, 4], ascending.Select(r => r.Rank));
    }

    [Fact]
    public async Task Unsupported_filter_throws_not_supported()
    {
        var collection = await NewCollectionAsync(withSamples: true);

        await Assert.ThrowsAsync<NotSupportedException>(async () =>
            await collection.GetAsync(r => r.Text.StartsWith("apple", StringComparison.Ordinal), 10, cancellationToken: Ct).ToListAsync(Ct));
    }
}
