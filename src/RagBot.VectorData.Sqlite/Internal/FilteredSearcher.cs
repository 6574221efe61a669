namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Top-k over the slots a filter let through: always the answer of scoring every candidate in float32 in the given
/// order (the same rows, order and scores, equal scores included), reading mostly int8 codes when the index has them.
/// </summary>
/// <remarks>
/// A plain int8 shortlist (what the unfiltered scan does) may miss a row whose float score ranks it in: int8 only
/// estimates. Here the float scan is replayed exactly, candidate by candidate into the same heap, and a candidate's
/// float score is computed only when its estimate plus a proven bound (<see cref="EstimateBound"/>) beats the heap's
/// current threshold: otherwise its float score cannot beat it either, and the float scan would not have offered it.
/// The heap sees the same offers in the same order, so even the order of equal scores is the same.
/// </remarks>
internal static class FilteredSearcher
{
    /// <summary>Fewer candidates than this are scored in float32 directly (estimating them first saves nothing).</summary>
    private const int MinimumCandidatesForEstimates = 2_048;

    public static ScoredSlot[] Search(VectorIndex index, float[] query, int k, int[] candidates, SearchTuning tuning)
    {
        // A heap larger than the candidates keeps them all in the same way; huge tops must not allocate huge heaps.
        k = Math.Min(k, candidates.Length);
        if (k <= 0)
        {
            return [];
        }

        var top = new TopK(k);
        // Estimates only pay when most candidates can be skipped: the heap must fill before any is, so a k near the
        // candidate count (a similarity lookup scoring every key) is scored in float32 directly.
        if (index.IsQuantized && candidates.Length >= MinimumCandidatesForEstimates && k <= candidates.Length / 8)
        {
            var ceilings = Ceilings(index, query, candidates, tuning);
            for (var i = 0; i < candidates.Length; i++)
            {
                if (ceilings[i] <= top.Threshold)
                {
                    continue;
                }

                var score = VectorKernels.Score(query, index.Vectors, index.SquaredNorms, index.Dimensions, candidates[i]);
                if (score > top.Threshold)
                {
                    top.Offer(score, candidates[i]);
                }
            }
        }
        else
        {
            VectorKernels.ScanFloat(query, index.Vectors, index.SquaredNorms, index.Dimensions, candidates, top);
        }

        return top.ToSortedArray();
    }

    /// <summary>Each candidate's highest possible float score: its int8 estimate plus its bound, split across cores.</summary>
    private static float[] Ceilings(VectorIndex index, float[] query, int[] candidates, SearchTuning tuning)
    {
        var quantized = QuantizedQuery.Of(query);
        var bound = new EstimateBound(index, query, quantized);
        var ceilings = new float[candidates.Length];
        var count = candidates.Length;
        var partitions = ExactSearcher.PartitionsFor(count, tuning);
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
        {
            var end = (int)((long)count * (p + 1) / partitions);
            for (var i = (int)((long)count * p / partitions); i < end; i++)
            {
                var estimate = quantized.Estimate(index, candidates[i]);
                ceilings[i] = estimate + bound.Of(candidates[i], estimate);
            }
        });
        return ceilings;
    }
}
