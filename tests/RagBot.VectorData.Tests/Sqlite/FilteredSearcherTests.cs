using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// The int8 path of a filtered search with proven bounds: every float score lies under its estimate plus its bound,
/// and the search over the estimates returns exactly what scoring every candidate in float32 returns.
/// </summary>
public sealed class FilteredSearcherTests
{
    private static readonly SearchTuning Tuning = new(2, 500, 10, 64);

    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var distance in new[] { DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance })
        {
            cases.Add(distance, 64);
            cases.Add(distance, 103);
            cases.Add(distance, 768);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_float_score_lies_under_its_estimate_plus_bound(string distance, int dimensions)
    {
        var random = new Random(dimensions);
        var index = Index(distance, dimensions, 1_500, random);
        for (var q = 0; q < 5; q++)
        {
            var query = index.PrepareQuery(Query(random, dimensions), out _);
            var quantized = QuantizedQuery.Of(query);
            var bound = new EstimateBound(index, query, quantized);
            for (var slot = 0; slot < index.Count; slot++)
            {
                var estimate = quantized.Estimate(index, slot);
                var score = VectorKernels.Score(query, index.Vectors, index.SquaredNorms, index.Dimensions, slot);
                Assert.True(score <= estimate + bound.Of(slot, estimate), $"slot {slot}: float {score}, estimate {estimate}, bound {bound.Of(slot, estimate)}");
                Assert.True(score >= estimate - bound.Of(slot, estimate), $"slot {slot}: float {score}, estimate {estimate}, bound {bound.Of(slot, estimate)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Searching_with_int8_ceilings_returns_the_float_scan_of_every_candidate_equal_scores_included(string distance, int dimensions)
    {
        var random = new Random(dimensions + 1);
        var index = Index(distance, dimensions, 3_000, random);
        var plainIndex = Index(distance, dimensions, 3_000, new Random(dimensions + 1), quantize: false);
        var candidates = Enumerable.Range(0, index.Count).Where(slot => slot % 4 != 1).ToArray();
        foreach (var k in new[] { 1, 10, 30, 300 })
        {
            var raw = Query(random, dimensions);
            var query = index.PrepareQuery(raw, out _);
            var plain = new TopK(k);
            VectorKernels.ScanFloat(query, plainIndex.Vectors, plainIndex.SquaredNorms, plainIndex.Dimensions, candidates, plain);

            var found = FilteredSearcher.Search(index, query, k, candidates, Tuning);

            Assert.Equal(plain.ToSortedArray(), found);
            Assert.Equal(plain.ToSortedArray(), FilteredSearcher.Search(plainIndex, query, k, candidates, Tuning));
        }
    }

    /// <summary>
    /// Four in five rows are near-copies of one vector (their int8 codes barely differ), the rest spread out; one row
    /// in seven repeats an earlier row exactly (equal scores, whose order depends on the order of the scan).
    /// </summary>
    internal static VectorIndex Index(string distance, int dimensions, int count, Random random, bool quantize = true)
    {
        var index = new VectorIndex(dimensions, VectorScoring.For(distance), quantize, count);
        var vectors = new List<float[]>();
        for (var row = 0; row < count; row++)
        {
            var vector = row % 7 == 6 ? vectors[row / 2]
                : row % 5 == 0
                ? Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()
                : Enumerable.Range(0, dimensions).Select(d => (float)(Math.Sin(d) + ((random.NextDouble() - 0.5) * 0.02))).ToArray();
            vectors.Add(vector);
            index.Set(row + 1, vector);
        }

        return index;
    }

    internal static float[] Query(Random random, int dimensions) =>
        Enumerable.Range(0, dimensions).Select(d => (float)(Math.Sin(d) + random.NextDouble() - 0.5)).ToArray();
}
