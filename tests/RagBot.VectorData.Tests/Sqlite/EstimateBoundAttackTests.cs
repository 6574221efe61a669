using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// Hostile vectors against the int8 estimate bound: magnitudes whose squares underflow to subnormals (a cosine
/// "normalized" vector then has a norm above 1), huge dynamic ranges, and huge magnitudes.
/// </summary>
public sealed class EstimateBoundAttackTests
{
    public static TheoryData<string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, int>();
        foreach (var distance in new[] { DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance })
        {
            foreach (var shape in new[] { "subnormal", "spiky", "huge", "halfsteps" })
            {
                cases.Add(distance, shape, 2);
                cases.Add(distance, shape, 3);
                cases.Add(distance, shape, 17);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_float_score_of_a_hostile_vector_lies_within_its_estimate_plus_bound(string distance, string shape, int dimensions)
    {
        var random = new Random(dimensions * 31 + shape.Length);
        var index = new VectorIndex(dimensions, VectorScoring.For(distance), true, 4_000);
        for (var row = 0; row < 4_000; row++)
        {
            index.Set(row + 1, Vector(shape, dimensions, random));
        }

        for (var q = 0; q < 40; q++)
        {
            var query = index.PrepareQuery(Vector(shape, dimensions, random), out _);
            var quantized = QuantizedQuery.Of(query);
            var bound = new EstimateBound(index, query, quantized);
            for (var slot = 0; slot < index.Count; slot++)
            {
                var estimate = quantized.Estimate(index, slot);
                var score = VectorKernels.Score(query, index.Vectors, index.SquaredNorms, index.Dimensions, slot);
                if (float.IsNaN(score) || float.IsInfinity(score))
                {
                    continue;
                }

                var of = bound.Of(slot, estimate);
                Assert.True(score <= estimate + of, $"slot {slot}: float {score:R}, estimate {estimate:R}, bound {of:R}");
            }
        }
    }

    private static float[] Vector(string shape, int dimensions, Random random)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = shape switch
            {
                // squares land among subnormal floats (~1e-44): the norm is computed from heavily rounded squares
                "subnormal" => (float)((random.NextDouble() + 0.2) * 1.3e-22 * (random.Next(2) == 0 ? -1 : 1)),
                // one dominant component, the rest sit just under half a quantization step of it
                "spiky" => i == 0 ? 1f : (float)((random.Next(3) - 1) * (0.4999 + (random.NextDouble() * 0.002)) / 127 + (random.Next(5) - 2) / 127.0),
                "huge" => (float)((random.NextDouble() - 0.5) * 3e18),
                // every component half a step off a code: rounding errors all of the same size
                _ => (float)((random.Next(-126, 126) + 0.4999) / 127.0),
            };
        }

        return vector;
    }
}
