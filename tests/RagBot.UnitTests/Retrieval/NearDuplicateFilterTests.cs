using RagBot.Retrieval;

namespace RagBot.UnitTests.Retrieval;

/// <summary>
/// The prefix-filtered de-duplication keeps exactly the chunks that comparing each candidate with every kept one
/// keeps, on real text with near-duplicates at many similarities, at every threshold the setting allows.
/// </summary>
public sealed class NearDuplicateFilterTests
{
    [Theory]
    [InlineData(0.85)]
    [InlineData(0.9)]
    [InlineData(0.7)]
    [InlineData(0.5)]
    [InlineData(0.2)]
    [InlineData(0.01)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Keeps_the_same_chunks_as_comparing_every_pair(double threshold)
    {
        var signatures = Candidates().Select(TermSignature.Of).ToList();
        for (var seed = 0; seed < 5; seed++)
        {
            var random = new Random(seed);
            var order = signatures.OrderBy(_ => random.Next()).ToList();

            var expected = KeptByComparingAllPairs(order, threshold);
            var filter = new NearDuplicateFilter(threshold);
            var kept = order.Where(filter.TryKeep).ToList();

            Assert.Equal(expected, kept);
        }
    }

    [Fact]
    public void Drops_near_duplicates_and_keeps_distinct_texts()
    {
        var filter = new NearDuplicateFilter(0.85);
        var original = TermSignature.Of("walrus colonies haul out on sea ice floes near the coast each summer to rest and moult");
        var copy = TermSignature.Of("walrus colonies haul out on sea ice floes near the coast each summer to rest and moult.");
        var other = TermSignature.Of("heron nests line the river bank where reeds grow tall in spring");

        Assert.True(filter.TryKeep(original));
        Assert.False(filter.TryKeep(copy));
        Assert.True(filter.TryKeep(other));
        Assert.True(filter.TryKeep(TermSignature.Of("the of and")));
        Assert.False(filter.TryKeep(TermSignature.Of("...")));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void A_threshold_outside_zero_to_one_is_refused(double threshold) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NearDuplicateFilter(threshold));

    private static List<TermSignature> KeptByComparingAllPairs(List<TermSignature> ranked, double threshold)
    {
        var kept = new List<TermSignature>();
        foreach (var terms in ranked)
        {
            if (!kept.Exists(k => k.IsDuplicateOf(terms, threshold)))
            {
                kept.Add(terms);
            }
        }

        return kept;
    }

    /// <summary>Guide paragraphs, copies with 2% to 40% of their words dropped (similarities on both sides of every threshold), and texts without terms.</summary>
    private static IEnumerable<string> Candidates()
    {
        var paragraphs = TermSignatureTests.Paragraphs().ToList();
        foreach (var paragraph in paragraphs)
        {
            yield return paragraph;
        }

        var random = new Random(17);
        foreach (var paragraph in paragraphs.Take(60))
        {
            var words = paragraph.Split(' ');
            foreach (var drop in new[] { 0.02, 0.05, 0.1, 0.15, 0.25, 0.4 })
            {
                yield return string.Join(' ', words.Where(_ => random.NextDouble() >= drop));
            }
        }

        yield return "";
        yield return "the of and";
        yield return "a";
    }
}
