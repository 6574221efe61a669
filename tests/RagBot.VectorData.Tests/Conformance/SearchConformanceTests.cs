using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Conformance;

/// <summary>Ordering and score direction for each distance function, thresholds, skip, vectors in results.</summary>
public abstract class SearchConformanceTests<TFixture>(TFixture fixture) : ConformanceTestBase<TFixture>(fixture)
    where TFixture : VectorStoreFixture
{
    // Query [1,0,0,0] against: 1=[1,0,0,0], 2=[0.8,0.6,0,0], 3=[0,1,0,0], 4=[-1,0,0,0], 5=[2,0,0,0].
    private static readonly Dictionary<string, double[]> ExpectedScores = new()
    {
        [DistanceFunction.CosineSimilarity] = [1, 0.8, 0, -1, 1],
        [DistanceFunction.CosineDistance] = [0, 0.2, 1, 2, 0],
        [DistanceFunction.DotProductSimilarity] = [1, 0.8, 0, -1, 2],
        [DistanceFunction.NegativeDotProductSimilarity] = [-1, -0.8, 0, 1, -2],
        [DistanceFunction.EuclideanDistance] = [0, Math.Sqrt(0.4), Math.Sqrt(2), 2, 1],
        [DistanceFunction.EuclideanSquaredDistance] = [0, 0.4, 2, 4, 1],
    };

    private static bool HigherIsBetter(string distanceFunction) =>
        distanceFunction is DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity;

    [Fact]
    public async Task Each_distance_function_orders_results_and_scores_in_its_direction()
    {
        foreach (var distance in Fixture.DistanceFunctions)
        {
            var collection = await NewCollectionAsync(distance);
            await collection.UpsertAsync(GeometryRecords(), Ct);

            var hits = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 0, 0, 0]), 5, cancellationToken: Ct).ToListAsync(Ct);

            Assert.Equal(5, hits.Count);
            foreach (var hit in hits)
            {
                Assert.True(Math.Abs(ExpectedScores[distance][hit.Record.Rank - 1] - hit.Score!.Value) < 1e-4,
                    $"{distance}: record {hit.Record.Rank} scored {hit.Score}, expected {ExpectedScores[distance][hit.Record.Rank - 1]}");
            }

            var scores = hits.Select(h => h.Score!.Value).ToList();
            var expectedOrder = HigherIsBetter(distance) ? scores.OrderDescending() : scores.Order();
            Assert.Equal(expectedOrder, scores);
        }
    }

    [Fact]
    public async Task Score_threshold_drops_worse_results_in_the_right_direction()
    {
        var similarity = await NewCollectionAsync(DistanceFunction.CosineSimilarity);
        await similarity.UpsertAsync(GeometryRecords(), Ct);
        var euclidean = await NewCollectionAsync(DistanceFunction.EuclideanDistance);
        await euclidean.UpsertAsync(GeometryRecords(), Ct);
        var query = new ReadOnlyMemory<float>([1, 0, 0, 0]);

        var close = await similarity.SearchAsync(query, 5, new VectorSearchOptions<ConformanceRecord> { ScoreThreshold = 0.5 }, Ct).ToListAsync(Ct);
        var near = await euclidean.SearchAsync(query, 5, new VectorSearchOptions<ConformanceRecord> { ScoreThreshold = 1.2 }, Ct).ToListAsync(Ct);

        Assert.Equal([1, 2, 5], close.Select(h => h.Record.Rank).Order());
        Assert.Equal([1, 2, 5], near.Select(h => h.Record.Rank).Order());
    }

    [Fact]
    public async Task Skip_and_top_page_through_results()
    {
        var collection = await NewCollectionAsync(DistanceFunction.EuclideanDistance);
        await collection.UpsertAsync(GeometryRecords(), Ct);

        var page = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 0, 0, 0]), 2,
            new VectorSearchOptions<ConformanceRecord> { Skip = 1 }, Ct).ToListAsync(Ct);

        Assert.Equal([2, 5], page.Select(h => h.Record.Rank));
    }

    [Fact]
    public async Task Include_vectors_controls_whether_results_carry_vectors()
    {
        var collection = await NewCollectionAsync(withSamples: true);
        var query = new ReadOnlyMemory<float>([0, 0, 1, 0]);

        var without = await collection.SearchAsync(query, 1, cancellationToken: Ct).SingleAsync(Ct);
        var with = await collection.SearchAsync(query, 1, new VectorSearchOptions<ConformanceRecord> { IncludeVectors = true }, Ct).SingleAsync(Ct);

        Assert.True(without.Record.Embedding.IsEmpty);
        Assert.Equal([0f, 0f, 1f, 0f], with.Record.Embedding.ToArray());
    }

    [Fact]
    public async Task Search_sees_upserts_and_deletes_made_after_the_first_search()
    {
        var collection = await NewCollectionAsync(withSamples: true);
        var query = new ReadOnlyMemory<float>([0, 0, 0, 1]);
        Assert.Equal(5, (await collection.SearchAsync(query, 1, cancellationToken: Ct).SingleAsync(Ct)).Record.Rank);

        await collection.UpsertAsync(ConformanceRecord.Make(6, "new", true, "new", [0, 0, 0.1f, 1]), Ct);
        await collection.DeleteAsync(ConformanceRecord.IdOf(5), Ct);
        var moved = ConformanceRecord.Samples()[0];
        moved.Embedding = new float[] { 0, 0, 0, 1 };
        await collection.UpsertAsync(moved, Ct);

        var hits = await collection.SearchAsync(query, 2, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal([1, 6], hits.Select(h => h.Record.Rank));
    }

    private static ConformanceRecord[] GeometryRecords() =>
    [
        ConformanceRecord.Make(1, "g", true, "one", [1, 0, 0, 0]),
        ConformanceRecord.Make(2, "g", true, "two", [0.8f, 0.6f, 0, 0]),
        ConformanceRecord.Make(3, "g", true, "three", [0, 1, 0, 0]),
        ConformanceRecord.Make(4, "g", true, "four", [-1, 0, 0, 0]),
        ConformanceRecord.Make(5, "g", true, "five", [2, 0, 0, 0]),
    ];
}
