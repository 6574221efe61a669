using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// The int8 scan's re-scoring skips the candidates whose estimate plus proven error cannot enter the top k: what it
/// returns must be exactly what re-scoring every shortlisted candidate returns, equal scores included.
/// </summary>
public sealed class ExactSearcherTests
{
    [Theory]
    [MemberData(nameof(FilteredSearcherTests.Cases), MemberType = typeof(FilteredSearcherTests))]
    public void Skipping_hopeless_candidates_returns_what_rescoring_the_whole_shortlist_returns(string distance, int dimensions)
    {
        var random = new Random(dimensions + 7);
        var index = FilteredSearcherTests.Index(distance, dimensions, 3_000, random);
        foreach (var (k, rescoreFactor) in new[] { (1, 10), (10, 10), (40, 10), (40, 3), (300, 2) })
        {
            var tuning = new SearchTuning(MaxParallelism: 1, MinimumVectorsPerPartition: 16_384, rescoreFactor, MinimumRescoreCandidates: 64);
            var query = index.PrepareQuery(FilteredSearcherTests.Query(random, dimensions), out _);

            Assert.Equal(RescoringEveryCandidate(index, query, k, tuning), ExactSearcher.Search(index, query, k, tuning));
        }
    }

    /// <summary>The search as it was before the skip: the int8 shortlist, best first, every candidate scored in float32.</summary>
    private static ScoredSlot[] RescoringEveryCandidate(VectorIndex index, float[] query, int k, SearchTuning tuning)
    {
        var quantized = QuantizedQuery.Of(query);
        var shortlist = new TopK(Math.Max(k * tuning.RescoreFactor, tuning.MinimumRescoreCandidates));
        VectorKernels.ScanInt8(quantized.Codes, quantized.Scale, index.Codes!, index.Scales!, index.SquaredNorms, index.Dimensions, 0, index.Count, shortlist);
        var rescored = new TopK(k);
        foreach (var candidate in shortlist.ToSortedArray())
        {
            rescored.Offer(VectorKernels.Score(query, index.Vectors, index.SquaredNorms, index.Dimensions, candidate.Slot), candidate.Slot);
        }

        return rescored.ToSortedArray();
    }
}
