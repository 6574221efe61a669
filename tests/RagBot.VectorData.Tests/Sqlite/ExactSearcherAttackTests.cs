using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// Attacks on the int8 re-scoring skip of <see cref="ExactSearcher"/>: it must return exactly what re-scoring every
/// shortlisted candidate returns.
/// </summary>
public sealed class ExactSearcherAttackTests
{
    private static readonly SearchTuning Single = new(MaxParallelism: 1, MinimumVectorsPerPartition: 16_384, RescoreFactor: 10, MinimumRescoreCandidates: 64);

    /// <summary>
    /// A stored vector whose largest magnitude is below 127 / float.MaxValue (~3.7e-37): <see cref="VectorKernels.Quantize"/>'s
    /// <c>127f / maxAbs</c> overflows to +infinity, so every non-zero component gets code +-127 and the codes no longer
    /// round the vector (|e_v,i| up to 127 s_v, not s_v / 2 as <see cref="EstimateBound"/> assumes). With a large query
    /// the scores are ordinary floats (~1e-7), yet B's float score lies far above its estimate plus bound and the
    /// skip drops the true best row.
    /// </summary>
    [Theory]
    [InlineData(DistanceFunction.DotProductSimilarity)]
    [InlineData(DistanceFunction.EuclideanDistance)]
    public void Tiny_vectors_whose_quantization_inverse_overflows_are_not_skipped_wrongly(string distance)
    {
        var index = new VectorIndex(4, VectorScoring.For(distance), quantize: true, capacity: 16);
        // A: codes all +127, estimate 4 * 2e-37 * 1e30 = 8e-7, float score 7e-7 (dot product).
        index.Set(1, [2e-37f, 2e-37f, 1.5e-37f, 1.5e-37f]);
        // B: codes (127, 127, 127, -127), estimate 6e-7, float score 8.8e-7: the best row.
        index.Set(2, [3e-37f, 3e-37f, 3e-37f, -2e-38f]);
        var query = index.PrepareQuery([1e30f, 1e30f, 1e30f, 1e30f], out _);

        var quantized = QuantizedQuery.Of(query);
        var bound = new EstimateBound(index, query, quantized);
        var estimateB = quantized.Estimate(index, 1);
        var scoreB = VectorKernels.Score(query, index.Vectors, index.SquaredNorms, index.Dimensions, 1);
        var everyCandidate = RescoringEveryCandidate(index, query, 1, Single);

        Assert.Equal(1, everyCandidate[0].Slot);
        Assert.Equal(everyCandidate, ExactSearcher.Search(index, query, 1, Single));
        Assert.True(scoreB <= estimateB + bound.Of(1, estimateB), $"B: float {scoreB:R}, estimate {estimateB:R}, bound {bound.Of(1, estimateB):R}");
    }

    /// <summary>
    /// Euclidean, components below ~2.6e-23: every square underflows to 0, so the stored squared norm is 0 and
    /// <see cref="EstimateBound"/> takes the vector's norm as 0 (it is ~127 s_v sqrt(d)). The query-error term then
    /// shrinks ~250x; a query with large quantization error aligned with the codes should expose it.
    /// </summary>
    [Fact]
    public void Euclidean_vectors_whose_squared_norm_underflows_to_zero_keep_a_valid_bound()
    {
        const int dimensions = 16;
        var random = new Random(5);
        var index = new VectorIndex(dimensions, VectorScoring.For(DistanceFunction.EuclideanDistance), quantize: true, capacity: 2_000);
        const float step = 1e-23f / 127;
        for (var row = 0; row < 2_000; row++)
        {
            var vector = new float[dimensions];
            vector[0] = 127 * step;
            for (var i = 1; i < dimensions; i++)
            {
                // exact multiples of the step: no vector rounding error, codes mostly large and positive
                vector[i] = random.Next(60, 128) * step;
            }

            index.Set(row + 1, vector);
        }

        var failures = new List<string>();
        var searches = new List<string>();
        for (var q = 0; q < 50; q++)
        {
            // every non-leading component half a step off a code, the same sign as the codes: query error aligned with them
            var raw = new float[dimensions];
            raw[0] = 127e18f;
            for (var i = 1; i < dimensions; i++)
            {
                raw[i] = (random.Next(0, 3) + 0.499f) * 1e18f;
            }

            var query = index.PrepareQuery(raw, out _);
            var quantized = QuantizedQuery.Of(query);
            var bound = new EstimateBound(index, query, quantized);
            for (var slot = 0; slot < index.Count; slot++)
            {
                Assert.Equal(0f, index.SquaredNorms![slot]);
                var estimate = quantized.Estimate(index, slot);
                var score = VectorKernels.Score(query, index.Vectors, index.SquaredNorms, index.Dimensions, slot);
                if (!(score <= estimate + bound.Of(slot, estimate)))
                {
                    failures.Add($"q {q} slot {slot}: float {score:R}, estimate {estimate:R}, bound {bound.Of(slot, estimate):R}");
                }
            }

            foreach (var k in new[] { 1, 5, 20 })
            {
                if (!RescoringEveryCandidate(index, query, k, Single).SequenceEqual(ExactSearcher.Search(index, query, k, Single)))
                {
                    searches.Add($"q {q} k {k}");
                }
            }
        }

        Assert.True(failures.Count == 0 && searches.Count == 0,
            $"{searches.Count} of 150 searches differ (first: {searches.FirstOrDefault()}); {failures.Count} of 100000 bound violations, first: {failures.FirstOrDefault()}");
    }

    /// <summary>The same underflowing Euclidean rows through <see cref="FilteredSearcher"/> (same bound, pre-existing).</summary>
    [Fact]
    public void Filtered_search_over_rows_whose_squared_norm_underflows_matches_the_float_scan()
    {
        const int dimensions = 16;
        var random = new Random(5);
        var index = new VectorIndex(dimensions, VectorScoring.For(DistanceFunction.EuclideanDistance), quantize: true, capacity: 4_000);
        const float step = 1e-23f / 127;
        for (var row = 0; row < 4_000; row++)
        {
            var vector = new float[dimensions];
            vector[0] = 127 * step;
            for (var i = 1; i < dimensions; i++)
            {
                vector[i] = random.Next(60, 128) * step;
            }

            index.Set(row + 1, vector);
        }

        var candidates = Enumerable.Range(0, index.Count).ToArray();
        for (var q = 0; q < 20; q++)
        {
            var raw = new float[dimensions];
            raw[0] = 127e18f;
            for (var i = 1; i < dimensions; i++)
            {
                raw[i] = (random.Next(0, 3) + 0.499f) * 1e18f;
            }

            var query = index.PrepareQuery(raw, out _);
            foreach (var k in new[] { 1, 5, 20 })
            {
                var plain = new TopK(k);
                VectorKernels.ScanFloat(query, index.Vectors, index.SquaredNorms, index.Dimensions, candidates, plain);
                Assert.Equal(plain.ToSortedArray(), FilteredSearcher.Search(index, query, k, candidates, Single));
            }
        }
    }

    /// <summary>
    /// Above 133,144 dimensions <see cref="VectorKernels.DotInt8"/>'s int sum can wrap (d * 127 * 127 > int.MaxValue):
    /// the estimate turned hugely negative while the bound knew nothing of it, so the best row was skipped. Such an
    /// index is now kept in float32.
    /// </summary>
    [Fact]
    public void Very_wide_vectors_whose_int8_dot_wraps_are_not_skipped_wrongly()
    {
        const int dimensions = 140_000;
        var index = new VectorIndex(dimensions, VectorScoring.For(DistanceFunction.DotProductSimilarity), quantize: true, capacity: 16);
        var full = Enumerable.Repeat(1f, dimensions).ToArray();
        var half = Enumerable.Range(0, dimensions).Select(i => i % 2 == 0 ? 1f : 0f).ToArray();
        index.Set(1, half);
        index.Set(2, full);
        var query = index.PrepareQuery(full, out _);

        // Kept in float32: the int8 dot product of 140,000 dimensions could overflow an int.
        Assert.False(index.IsQuantized);
        var found = ExactSearcher.Search(index, query, 1, Single);
        Assert.Equal(1, found[0].Slot);
        Assert.Equal(140_000f, found[0].Score);
    }

    /// <summary>
    /// Huge finite vectors whose float dot product overflows in a partial sum (+2e38 + 2e38) although the true sum
    /// (1.2e38) and the int8 estimate are finite: the float score is +infinity, far above estimate plus bound. Re-scoring
    /// every candidate admits it (inf beats the threshold); the skip drops it. (Arguably the skip's answer is the
    /// better one, but the two are no longer identical, and EstimateBound's "always" does not hold for it.)
    /// </summary>
    [Fact]
    public void Huge_vectors_whose_float_dot_overflows_in_a_partial_sum_give_what_rescoring_every_candidate_gives()
    {
        const int dimensions = 16;
        var index = new VectorIndex(dimensions, VectorScoring.For(DistanceFunction.DotProductSimilarity), quantize: true, capacity: 16);
        // C: true score 16 * 1e19 * 1.25e18 = 2e38, no partial sum overflows
        index.Set(1, Enumerable.Repeat(1.25e18f, dimensions).ToArray());
        // D: +2e38 terms at 0 and 8 (summed together first: +inf), -0.2e38 at the 14 others: true score 1.2e38
        index.Set(2, Enumerable.Range(0, dimensions).Select(i => i % 8 == 0 ? 2e19f : -0.2e19f).ToArray());
        var query = index.PrepareQuery(Enumerable.Repeat(1e19f, dimensions).ToArray(), out _);

        Assert.Equal(RescoringEveryCandidate(index, query, 1, Single), ExactSearcher.Search(index, query, 1, Single));
    }

    /// <summary>
    /// NaN/Infinity in stored vectors or the query, zero vectors, huge magnitudes (squared norms overflowing to
    /// infinity), partitioned scans, k above the index size, rescore factor 1: the skip must change nothing.
    /// </summary>
    [Theory]
    [InlineData(DistanceFunction.CosineSimilarity)]
    [InlineData(DistanceFunction.DotProductSimilarity)]
    [InlineData(DistanceFunction.EuclideanDistance)]
    public void Hostile_rows_and_queries_give_what_rescoring_every_candidate_gives(string distance)
    {
        const int dimensions = 24;
        var random = new Random(distance.Length);
        var index = new VectorIndex(dimensions, VectorScoring.For(distance), quantize: true, capacity: 600);
        for (var row = 0; row < 600; row++)
        {
            index.Set(row + 1, Hostile(random, dimensions, row));
        }

        var tunings = new[]
        {
            Single,
            new SearchTuning(MaxParallelism: 4, MinimumVectorsPerPartition: 7, RescoreFactor: 3, MinimumRescoreCandidates: 64),
            new SearchTuning(MaxParallelism: 2, MinimumVectorsPerPartition: 1, RescoreFactor: 1, MinimumRescoreCandidates: 0),
        };
        for (var q = 0; q < 60; q++)
        {
            var query = index.PrepareQuery(Hostile(random, dimensions, q), out _);
            foreach (var tuning in tunings)
            {
                foreach (var k in new[] { 1, 3, 10, 64, 700 })
                {
                    var expected = RescoringEveryCandidate(index, query, k, tuning);
                    var found = ExactSearcher.Search(index, query, k, tuning);
                    Assert.Equal(expected.Select(h => h.Slot), found.Select(h => h.Slot));
                    Assert.Equal(expected.Select(h => BitConverter.SingleToInt32Bits(h.Score)), found.Select(h => BitConverter.SingleToInt32Bits(h.Score)));
                }
            }
        }
    }

    private static float[] Hostile(Random random, int dimensions, int n)
    {
        var vector = new float[dimensions];
        var kind = n % 9;
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = kind switch
            {
                0 => 0f,
                1 => i == 3 ? float.NaN : (float)(random.NextDouble() - 0.5),
                2 => i == 5 ? float.PositiveInfinity : (float)(random.NextDouble() - 0.5),
                3 => (float)((random.NextDouble() - 0.5) * 1e20),   // squares overflow: Euclidean norm = +inf
                4 => (float)((random.NextDouble() - 0.5) * 3e-39),  // subnormal components
                5 => i == 0 ? 1f : (float)(random.NextDouble() * 1e-30),
                _ => (float)(random.NextDouble() - 0.5),
            };
        }

        return vector;
    }

    /// <summary>The search before the skip: the same int8 shortlist, every candidate scored in float32.</summary>
    private static ScoredSlot[] RescoringEveryCandidate(VectorIndex index, float[] query, int k, SearchTuning tuning)
    {
        k = Math.Min(k, index.Count);
        var quantized = QuantizedQuery.Of(query);
        var shortlistSize = (int)Math.Min(int.MaxValue, Math.Max((long)k * tuning.RescoreFactor, tuning.MinimumRescoreCandidates));
        var partitions = ExactSearcher.PartitionsFor(index.Count, tuning);
        var merged = new TopK(shortlistSize);
        if (partitions == 1)
        {
            VectorKernels.ScanInt8(quantized.Codes, quantized.Scale, index.Codes!, index.Scales!, index.SquaredNorms, index.Dimensions, 0, index.Count, merged);
        }

        for (var p = 0; partitions > 1 && p < partitions; p++)
        {
            var top = new TopK(shortlistSize);
            VectorKernels.ScanInt8(quantized.Codes, quantized.Scale, index.Codes!, index.Scales!, index.SquaredNorms, index.Dimensions,
                (int)((long)index.Count * p / partitions), (int)((long)index.Count * (p + 1) / partitions), top);
            merged.MergeFrom(top);
        }

        var rescored = new TopK(k);
        foreach (var candidate in merged.ToSortedArray())
        {
            rescored.Offer(VectorKernels.Score(query, index.Vectors, index.SquaredNorms, index.Dimensions, candidate.Slot), candidate.Slot);
        }

        return rescored.ToSortedArray();
    }
}
