using RagBot.Retrieval;

namespace RagBot.UnitTests.Retrieval;

/// <summary>
/// Review of issue #17's de-duplication changes against an independent oracle: the Jaccard figure of the former
/// all-pairs code, shared / union in double, computed here from the signatures' hashes with a set intersection (not
/// with <see cref="TermSignature.IsDuplicateOf"/>, whose early stop is under test). Thresholds sit exactly on, just
/// under and just over each pair's own similarity, where an early stop or a prefix bound off by one would show.
/// </summary>
public sealed class NearDuplicateOracleTests
{
    private static readonly double[] FixedThresholds = [1e-9, 0.01, 0.1, 0.2, 1.0 / 3, 0.5, 0.6, 2.0 / 3, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99, 1.0];

    [Fact]
    public void The_early_stop_decides_every_pair_as_the_jaccard_figure_does_on_and_around_its_own_similarity()
    {
        var random = new Random(23);
        var pairs = 0;
        for (var a = 0; a <= 30; a++)
        {
            for (var b = a; b <= 30; b++)
            {
                for (var shared = 0; shared <= a; shared++)
                {
                    var (x, y) = Pair(random, a, b, shared);
                    var similarity = Jaccard(x, y);
                    foreach (var t in Thresholds(similarity))
                    {
                        pairs++;
                        Assert.True(Oracle(x, y, t) == x.IsDuplicateOf(y, t), $"|x|={x.Count} |y|={y.Count} shared={shared} t={t:R}");
                        Assert.True(Oracle(x, y, t) == y.IsDuplicateOf(x, t), $"|x|={x.Count} |y|={y.Count} shared={shared} t={t:R} (swapped)");
                    }
                }
            }
        }

        Assert.True(pairs > 10_000);
    }

    [Fact]
    public void The_prefix_filter_keeps_what_comparing_every_pair_with_the_jaccard_figure_keeps()
    {
        var random = new Random(41);
        for (var family = 0; family < 60; family++)
        {
            // A family of near-copies of a few bases at many overlaps, in a random order.
            var vocabulary = Enumerable.Range(0, 60).Select(i => Word(random)).ToList();
            var texts = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                var size = random.Next(1, 25);
                texts.Add(string.Join(' ', Enumerable.Range(0, size).Select(_ => vocabulary[random.Next(random.Next(5, vocabulary.Count))])));
            }

            var signatures = texts.Select(TermSignature.Of).ToList();
            var similarities = signatures.SelectMany(x => signatures.Select(y => Jaccard(x, y))).Distinct().ToList();
            foreach (var t in FixedThresholds.Concat(similarities.Take(20).SelectMany(s => new[] { s, Math.BitDecrement(s) })).Where(t => t is >= 0 and <= 1))
            {
                var expected = new List<TermSignature>();
                foreach (var terms in signatures)
                {
                    if (!expected.Exists(k => Oracle(k, terms, t)))
                    {
                        expected.Add(terms);
                    }
                }

                var filter = new NearDuplicateFilter(t);
                Assert.Equal(expected, signatures.Where(filter.TryKeep).ToList());
            }
        }
    }

    private static IEnumerable<double> Thresholds(double similarity) =>
        FixedThresholds.Concat([similarity, Math.BitDecrement(similarity), Math.BitIncrement(similarity)]).Where(t => t is > 0 and <= 1);

    /// <summary>The former all-pairs decision: two empty sets are identical, otherwise shared / union against the threshold.</summary>
    private static bool Oracle(TermSignature x, TermSignature y, double threshold)
    {
        if (x.Count == 0 && y.Count == 0)
        {
            return 1 >= threshold;
        }

        return Jaccard(x, y) >= threshold;
    }

    private static double Jaccard(TermSignature x, TermSignature y)
    {
        var left = x.Hashes.ToArray().ToHashSet();
        var shared = y.Hashes.ToArray().Count(left.Contains);
        var union = x.Count + y.Count - shared;
        return union == 0 ? 1 : (double)shared / union;
    }

    /// <summary>Two word sets of the given sizes sharing <paramref name="shared"/> words, words drawn at random so shared and own words interleave in hash order.</summary>
    private static (TermSignature X, TermSignature Y) Pair(Random random, int a, int b, int shared)
    {
        var common = Enumerable.Range(0, shared).Select(_ => Word(random)).ToList();
        var x = common.Concat(Enumerable.Range(0, a - shared).Select(_ => Word(random)));
        var y = common.Concat(Enumerable.Range(0, b - shared).Select(_ => Word(random)));
        return (TermSignature.Of(string.Join(' ', x)), TermSignature.Of(string.Join(' ', y)));
    }

    /// <summary>A made-up word of 6 to 9 letters from a letter set without vowels but 'a': no stop word, no stem collision in practice.</summary>
    private static string Word(Random random) =>
        new(Enumerable.Range(0, random.Next(6, 10)).Select(_ => "bcdfghjklmnpqrstvwxza"[random.Next(21)]).ToArray());
}
