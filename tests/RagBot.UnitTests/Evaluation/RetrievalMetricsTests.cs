using RagBot.Evaluation;

namespace RagBot.UnitTests.Evaluation;

/// <summary>The metrics against values worked out by hand on the judgments of tests/datasets/tiny-beir.</summary>
public sealed class RetrievalMetricsTests
{
    // q1 of tiny-beir: d4 highly relevant (2), d1 relevant (1).
    private static readonly Dictionary<string, int> Q1 = new() { ["d4"] = 2, ["d1"] = 1 };

    // q3 of tiny-beir: d3 relevant, d5 judged not relevant.
    private static readonly Dictionary<string, int> Q3 = new() { ["d3"] = 1, ["d5"] = 0 };

    [Fact]
    public void Ndcg_uses_linear_gain_and_log2_discount()
    {
        // DCG = 1/log2(2) + 0 + 2/log2(4) = 2; IDCG = 2/log2(2) + 1/log2(3) = 2.6309298
        Assert.Equal(2 / (2 + (1 / Math.Log2(3))), RetrievalMetrics.Ndcg(["d1", "d5", "d4"], Q1, 10), 9);
        Assert.Equal(0.760188, RetrievalMetrics.Ndcg(["d1", "d5", "d4"], Q1, 10), 6);
    }

    [Fact]
    public void Ndcg_is_one_for_the_ideal_order_and_zero_without_hits()
    {
        Assert.Equal(1.0, RetrievalMetrics.Ndcg(["d4", "d1", "d2"], Q1, 10), 12);
        Assert.Equal(0.0, RetrievalMetrics.Ndcg(["d2", "d3"], Q1, 10));
        Assert.Equal(0.0, RetrievalMetrics.Ndcg([], Q1, 10));
    }

    [Fact]
    public void Ndcg_cuts_off_at_k()
    {
        // Only d1 within k = 1: DCG = 1, IDCG@1 = 2.
        Assert.Equal(0.5, RetrievalMetrics.Ndcg(["d1", "d4"], Q1, 1), 12);
    }

    [Fact]
    public void Zero_scored_judgments_are_not_relevant()
    {
        Assert.Equal(0.0, RetrievalMetrics.Ndcg(["d5"], Q3, 10));
        Assert.Equal(1 / Math.Log2(3), RetrievalMetrics.Ndcg(["d5", "d3"], Q3, 10), 12);
        Assert.Equal(1.0, RetrievalMetrics.Recall(["d5", "d3"], Q3, 10));
        Assert.Equal(0.5, RetrievalMetrics.ReciprocalRank(["d5", "d3"], Q3, 10));
    }

    [Fact]
    public void Recall_counts_relevant_documents_within_k()
    {
        Assert.Equal(0.5, RetrievalMetrics.Recall(["d1", "d5", "d4"], Q1, 1));
        Assert.Equal(0.5, RetrievalMetrics.Recall(["d1", "d5", "d4"], Q1, 2));
        Assert.Equal(1.0, RetrievalMetrics.Recall(["d1", "d5", "d4"], Q1, 3));
    }

    [Fact]
    public void Reciprocal_rank_is_that_of_the_first_relevant_document_within_k()
    {
        Assert.Equal(1.0, RetrievalMetrics.ReciprocalRank(["d1", "d4"], Q1, 10));
        Assert.Equal(1.0 / 3, RetrievalMetrics.ReciprocalRank(["d2", "d5", "d4"], Q1, 10), 12);
        Assert.Equal(0.0, RetrievalMetrics.ReciprocalRank(["d2", "d5", "d4"], Q1, 2));
    }

    [Fact]
    public void Percentile_is_nearest_rank()
    {
        Assert.Equal(20, RetrievalMetrics.Percentile([40, 10, 30, 20], 50));
        Assert.Equal(40, RetrievalMetrics.Percentile([40, 10, 30, 20], 99));
        Assert.Equal(5, RetrievalMetrics.Percentile([5], 99));
        Assert.Equal(0, RetrievalMetrics.Percentile([], 50));
    }
}
