using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;
using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// The SIMD scan (remainders, parallel split, int8 + re-scoring) against a plain double-precision scan. 103 dimensions
/// take every int8 path in turn (64 lanes with AVX-512, 32 with AVX2, 7 scalar) where the machine has them.
/// </summary>
public sealed class SqliteExactSearchTests : IDisposable
{
    private const int Count = 203;
    private readonly TempDirectory directory = new();

    public static TheoryData<string, SqliteVectorQuantization, int> Cases()
    {
        var cases = new TheoryData<string, SqliteVectorQuantization, int>();
        foreach (var distance in new[] { DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance })
        {
            foreach (var dimensions in new[] { 64, 103 })
            {
                cases.Add(distance, SqliteVectorQuantization.None, dimensions);
                cases.Add(distance, SqliteVectorQuantization.Int8, dimensions);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Top_results_and_scores_match_a_brute_force_scan(string distance, SqliteVectorQuantization quantization, int dimensions)
    {
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(11);
        var vectors = Enumerable.Range(0, Count).Select(_ => Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()).ToArray();
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions
        {
            DatabasePath = directory.File($"exact-{quantization}-{dimensions}.db"),
            Quantization = quantization,
            MaxSearchParallelism = 2,
            MinimumVectorsPerPartition = 50,
        });
        var collection = store.GetCollection<Guid, ConformanceRecord>(distance, ConformanceRecord.Definition(distance, dimensions));
        await collection.EnsureCollectionExistsAsync(ct);
        await collection.UpsertAsync(vectors.Select((v, i) => ConformanceRecord.Make(i, "r", true, "r", v)), ct);

        for (var q = 0; q < 5; q++)
        {
            var query = vectors[random.Next(Count)].Select(x => x + (float)((random.NextDouble() - 0.5) * 0.2)).ToArray();
            var expected = vectors.Select((v, i) => (Rank: i, Score: Score(distance, query, v)))
                .OrderBy(e => distance == DistanceFunction.EuclideanDistance ? e.Score : -e.Score)
                .Take(10)
                .ToList();

            var hits = await collection.SearchAsync(query, 10, cancellationToken: ct).ToListAsync(ct);

            Assert.Equal(expected.Select(e => e.Rank), hits.Select(h => h.Record.Rank));
            for (var i = 0; i < hits.Count; i++)
            {
                Assert.Equal(expected[i].Score, hits[i].Score!.Value, tolerance: 1e-4); // float32 sums: a tolerance, not 4-decimal rounding, which splits 1.716450 from 1.716449
            }
        }
    }

    public void Dispose() => directory.Dispose();

    private static double Score(string distance, float[] query, float[] vector)
    {
        double dot = 0, qq = 0, vv = 0, squared = 0;
        for (var i = 0; i < query.Length; i++)
        {
            dot += (double)query[i] * vector[i];
            qq += (double)query[i] * query[i];
            vv += (double)vector[i] * vector[i];
            squared += ((double)query[i] - vector[i]) * ((double)query[i] - vector[i]);
        }

        return distance switch
        {
            DistanceFunction.CosineSimilarity => dot / Math.Sqrt(qq * vv),
            DistanceFunction.DotProductSimilarity => dot,
            _ => Math.Sqrt(squared),
        };
    }
}
