using RagBot.Core.Chat;
using RagBot.Core.Chunks;
using RagBot.Retrieval;

namespace RagBot.UnitTests.Retrieval;

/// <summary>
/// The gate decided early (<see cref="GateBounds"/>) must never contradict the gate decided on everything
/// (<see cref="RelevanceGate.IsSupported"/>): whichever of the unread candidates turn out to survive, the answer given
/// early is the answer the full list gives. Checked exhaustively over every subset of small random cases.
/// </summary>
public sealed class GateBoundsTests
{
    [Fact]
    public void An_early_decision_agrees_with_the_full_gate_for_every_set_of_surviving_unread_candidates()
    {
        var random = new Random(31);
        var decided = 0;
        var undecided = 0;
        for (var trial = 0; trial < 4000; trial++)
        {
            var kept = Cosines(random, random.Next(0, 5));
            var unread = Cosines(random, random.Next(0, 7));
            var depth = random.Next(1, 5);
            var threshold = random.Next(4) == 0 ? kept.Concat(unread).DefaultIfEmpty(0.3).ElementAt(random.Next(Math.Max(1, kept.Count + unread.Count))) : random.NextDouble();

            var early = GateBounds.Decide(kept, unread, threshold, depth);
            if (early is null)
            {
                undecided++;
                continue;
            }

            decided++;
            for (var mask = 0; mask < 1 << unread.Count; mask++)
            {
                var survivors = kept.Concat(unread.Where((_, i) => (mask & (1 << i)) != 0)).Select(Chunk).ToList();
                Assert.True(
                    RelevanceGate.IsSupported(survivors, threshold, depth) == early,
                    $"kept [{string.Join(", ", kept)}], unread [{string.Join(", ", unread)}], survivors mask {mask}, depth {depth}, threshold {threshold:R}: early {early}");
            }
        }

        // Both outcomes of the early decision occur, and some cases must wait for more reads.
        Assert.True(decided > 1000 && undecided > 100, $"decided {decided}, undecided {undecided}");
    }

    [Fact]
    public void Nothing_left_to_read_gives_the_full_gate_and_no_threshold_always_passes()
    {
        Assert.True(GateBounds.Decide([], [], 0.9, 3));
        Assert.True(GateBounds.Decide([0.5, 0.4, 0.3], [], 0.39, 3));
        Assert.False(GateBounds.Decide([0.5, 0.4, 0.2], [], 0.4, 3));
        Assert.True(GateBounds.Decide([], [0.0], double.NegativeInfinity, 3));

        // Nothing kept yet: every unread candidate may still be dropped, and an empty list passes.
        Assert.Null(GateBounds.Decide([], [0.1, 0.1], 0.5, 1));
    }

    private static List<double> Cosines(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => Math.Round(random.NextDouble(), 2)).ToList();

    private static RetrievedChunk Chunk(double cosine) => new(new DocumentChunk(), 0) { VectorSimilarity = cosine };
}
