using Microsoft.Extensions.VectorData;
using RagBot.Core.Indexing;

namespace RagBot.VectorData.Tests.Conformance;

/// <summary>
/// Keyword-only (BM25) search through <see cref="IKeywordSearchable{TRecord}"/>: the keyword leg that retrieval fuses
/// with the vector leg itself, so every store must rank and filter it the same way.
/// </summary>
public abstract class KeywordConformanceTests<TFixture>(TFixture fixture) : ConformanceTestBase<TFixture>(fixture)
    where TFixture : VectorStoreFixture
{
    [Fact]
    public async Task Only_records_with_the_word_are_found_the_shorter_first_with_positive_descending_scores()
    {
        var keywords = await KeywordsAsync();

        var hits = await keywords.KeywordSearchAsync(["bread"], 5, cancellationToken: Ct).ToListAsync(Ct);

        // "rye bread loaf" (3 words) and "banana bread with walnuts" (4): BM25 length normalization puts the shorter first.
        Assert.Equal([5, 2], hits.Select(h => h.Record.Rank));
        var scores = hits.Select(h => h.Score!.Value).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(scores, s => Assert.True(s > 0));
    }

    [Fact]
    public async Task The_filter_applies_inside_the_search()
    {
        var keywords = await KeywordsAsync();

        var hits = await keywords.KeywordSearchAsync(["bread", "soup"], 5, new HybridSearchOptions<ConformanceRecord> { Filter = r => r.Category == "fruit" }, Ct)
            .ToListAsync(Ct);

        Assert.Equal([2], hits.Select(h => h.Record.Rank));
    }

    [Fact]
    public async Task Keywords_that_match_nothing_find_nothing()
    {
        var keywords = await KeywordsAsync();

        var hits = await keywords.KeywordSearchAsync(["zzzunknownword"], 5, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Empty(hits);
    }

    [Fact]
    public async Task Skip_pages_through_the_ranking()
    {
        var keywords = await KeywordsAsync();

        var all = await keywords.KeywordSearchAsync(["bread"], 2, cancellationToken: Ct).ToListAsync(Ct);
        var skipped = await keywords.KeywordSearchAsync(["bread"], 1, new HybridSearchOptions<ConformanceRecord> { Skip = 1 }, Ct).ToListAsync(Ct);

        Assert.Equal(all.Skip(1).Select(h => h.Record.Rank), skipped.Select(h => h.Record.Rank));
    }

    private async Task<IKeywordSearchable<ConformanceRecord>> KeywordsAsync()
    {
        var collection = await NewCollectionAsync(withSamples: true);
        return Assert.IsAssignableFrom<IKeywordSearchable<ConformanceRecord>>(collection);
    }
}
