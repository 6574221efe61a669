using RagBot.Core.Chat;
using RagBot.Core.Chunks;
using RagBot.Retrieval;

namespace RagBot.UnitTests.Retrieval;

public sealed class RelevanceGateTests
{
    [Fact]
    public void The_threshold_is_the_high_percentile_plus_a_margin_in_units_of_the_probes_spread()
    {
        // 20 probes: median 0.20 (10th), 95th percentile 0.40 (19th); a spread of 0.5 adds half of 0.40 - 0.20.
        var scores = Enumerable.Range(0, 20).Select(i => i < 10 ? 0.20 : i < 18 ? 0.30 : i == 18 ? 0.40 : 0.90).ToList();

        var threshold = RelevanceGate.ThresholdOf(scores, percentile: 0.95, spread: 0.5);

        Assert.Equal(0.50, threshold!.Value, 9);
    }

    [Fact]
    public void One_probe_the_collection_happens_to_cover_does_not_move_the_threshold()
    {
        var probes = Enumerable.Range(0, 40).Select(i => 0.10 + (i * 0.005)).ToList();
        var covered = probes.Take(39).Append(0.95).ToList();

        Assert.Equal(RelevanceGate.ThresholdOf(probes, 0.95, 0.5), RelevanceGate.ThresholdOf(covered, 0.95, 0.5));
    }

    [Fact]
    public void Without_probe_scores_there_is_no_calibrated_threshold()
    {
        Assert.Null(RelevanceGate.ThresholdOf([], 0.95, 0.5));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, false)]
    public void The_gate_averages_the_most_similar_chunks(int depth, bool supported)
    {
        var chunks = new[] { 0.6, 0.1, 0.2, 0.05 }.Select(c => new RetrievedChunk(new DocumentChunk { Id = Guid.NewGuid(), Text = "t" }, c) { VectorSimilarity = c }).ToList();

        Assert.Equal(supported, RelevanceGate.IsSupported(chunks, 0.4, depth));
    }
}
