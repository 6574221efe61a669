using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Conformance;

/// <summary>Keyword + vector hybrid search through <see cref="IKeywordHybridSearchable{TRecord}"/>.</summary>
public abstract class HybridConformanceTests<TFixture>(TFixture fixture) : ConformanceTestBase<TFixture>(fixture)
    where TFixture : VectorStoreFixture
{
    [Fact]
    public async Task A_record_found_by_both_legs_ranks_first_and_keyword_only_matches_are_included()
    {
        var hybrid = await HybridAsync();

        var hits = await hybrid.HybridSearchAsync(new ReadOnlyMemory<float>([0, 0, 0, 1]), ["bread"], 3, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(5, hits[0].Record.Rank);
        Assert.Contains(hits, h => h.Record.Rank == 2);
        var scores = hits.Select(h => h.Score!.Value).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(scores, s => Assert.True(s > 0));
    }

    [Fact]
    public async Task The_filter_applies_to_both_legs()
    {
        var hybrid = await HybridAsync();

        var hits = await hybrid.HybridSearchAsync(new ReadOnlyMemory<float>([0, 0, 0, 1]), ["bread", "soup"], 5,
            new HybridSearchOptions<ConformanceRecord> { Filter = r => r.Category == "fruit" }, Ct).ToListAsync(Ct);

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal("fruit", h.Record.Category));
        Assert.Equal(2, hits[0].Record.Rank);
    }

    [Fact]
    public async Task Keywords_that_match_nothing_leave_the_vector_ranking()
    {
        var hybrid = await HybridAsync();

        var hits = await hybrid.HybridSearchAsync(new ReadOnlyMemory<float>([0, 0, 1, 0]), ["zzzunknownword"], 2, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(4, hits[0].Record.Rank);
        Assert.Equal(2, hits.Count);
    }

    [Fact]
    public async Task Skip_pages_through_fused_results()
    {
        var hybrid = await HybridAsync();
        var query = new ReadOnlyMemory<float>([0, 0, 0, 1]);

        var all = await hybrid.HybridSearchAsync(query, ["bread"], 4, cancellationToken: Ct).ToListAsync(Ct);
        var skipped = await hybrid.HybridSearchAsync(query, ["bread"], 3, new HybridSearchOptions<ConformanceRecord> { Skip = 1 }, Ct).ToListAsync(Ct);

        Assert.Equal(all.Skip(1).Select(h => h.Record.Rank), skipped.Select(h => h.Record.Rank));
    }

    private async Task<IKeywordHybridSearchable<ConformanceRecord>> HybridAsync()
    {
        var collection = await NewCollectionAsync(withSamples: true);
        return Assert.IsAssignableFrom<IKeywordHybridSearchable<ConformanceRecord>>(collection);
    }
}
