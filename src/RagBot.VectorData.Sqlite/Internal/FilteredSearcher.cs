using System.Buffers;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Top-k over the slots a filter let through, always the answer of scoring every candidate in float32 in the given
/// order (the same rows, order and scores), with a quarter of the memory traffic when the index holds int8 codes.
/// </summary>
/// <remarks>
/// A plain int8 shortlist (what the unfiltered scan does) may miss a row whose float score ranks it in: int8 only
/// estimates. Here every candidate's estimate comes with a proven bound on its distance to the float score
/// (<see cref="EstimateBound"/>), so after re-scoring a shortlist in float32, every row whose estimate plus bound could
/// still reach the k-th float score so far is re-scored too, and no other row can rank in. When the result holds two
/// equal scores, which ones were kept and in which order depends on the order rows reach the heap, so the float scan
/// of every candidate decides, as before.
/// </remarks>
internal static class FilteredSearcher
{
    public static ScoredSlot[] Search(VectorIndex index, float[] query, int k, int[] candidates, SearchTuning tuning)
    {
        // A heap larger than the candidates keeps them all in the same way; huge tops must not allocate huge heaps.
        k = Math.Min(k, candidates.Length);
        if (k <= 0)
        {
            return [];
        }

        var shortlist = (int)Math.Min(int.MaxValue, Math.Max((long)k * tuning.RescoreFactor, tuning.MinimumRescoreCandidates));
        if (index.IsQuantized && candidates.Length >= 4L * shortlist && SearchBounded(index, query, k, shortlist, candidates, tuning) is { } bounded)
        {
            return bounded;
        }

        var top = new TopK(k);
        VectorKernels.ScanFloat(query, index.Vectors, index.SquaredNorms, index.Dimensions, candidates, top);
        return top.ToSortedArray();
    }

    /// <summary>The float32 top-k from int8 estimates and their bounds, or null when equal scores make the scan order matter.</summary>
    internal static ScoredSlot[]? SearchBounded(VectorIndex index, float[] query, int k, int shortlistSize, int[] candidates, SearchTuning tuning)
    {
        var quantized = QuantizedQuery.Of(query);
        var estimates = ArrayPool<float>.Shared.Rent(candidates.Length);
        try
        {
            Estimate(index, quantized, candidates, estimates, tuning);
            var shortlist = new TopK(shortlistSize);
            for (var i = 0; i < candidates.Length; i++)
            {
                shortlist.Offer(estimates[i], i);
            }

            var rescored = new TopK(k);
            foreach (var entry in shortlist.ToSortedArray())
            {
                var slot = candidates[entry.Slot];
                rescored.Offer(VectorKernels.Score(query, index.Vectors, index.SquaredNorms, index.Dimensions, slot), slot);
            }

            if (rescored.Count < k)
            {
                return null;
            }

            // The k-th best float score among the shortlist: the final k-th best is at least this, so a row whose
            // float score is surely below it cannot rank in.
            var cut = rescored.Threshold;
            var bound = new EstimateBound(index, query, quantized);
            var best = new TopK(k + 1);
            for (var i = 0; i < candidates.Length; i++)
            {
                var slot = candidates[i];
                if (estimates[i] + bound.Of(slot, estimates[i]) < cut)
                {
                    continue;
                }

                var score = VectorKernels.Score(query, index.Vectors, index.SquaredNorms, index.Dimensions, slot);
                if (score > best.Threshold)
                {
                    best.Offer(score, slot);
                }
            }

            var ranked = best.ToSortedArray();
            if (ranked.Length < k)
            {
                return null;
            }

            for (var i = 1; i < ranked.Length; i++)
            {
                if (ranked[i].Score.CompareTo(ranked[i - 1].Score) == 0)
                {
                    return null;
                }
            }

            return ranked[..k];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(estimates);
        }
    }

    /// <summary>Every candidate's int8 estimate, split across cores like the unfiltered scan.</summary>
    private static void Estimate(VectorIndex index, QuantizedQuery quantized, int[] candidates, float[] estimates, SearchTuning tuning)
    {
        var count = candidates.Length;
        var partitions = ExactSearcher.PartitionsFor(count, tuning);
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
        {
            var end = (int)((long)count * (p + 1) / partitions);
            for (var i = (int)((long)count * p / partitions); i < end; i++)
            {
                estimates[i] = quantized.Estimate(index, candidates[i]);
            }
        });
    }
}
