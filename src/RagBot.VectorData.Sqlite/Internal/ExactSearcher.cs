namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>Exact (or int8 with float re-scoring) top-k over a <see cref="VectorIndex"/>, split across cores when large.</summary>
internal static class ExactSearcher
{
    /// <summary>The best <paramref name="k"/> slots of the whole index (filtered searches: <see cref="FilteredSearcher"/>).</summary>
    public static ScoredSlot[] Search(VectorIndex index, float[] query, int k, SearchTuning tuning)
    {
        // A heap as large as the index keeps every row alike; a top near int.MaxValue must not size the heaps.
        k = Math.Min(k, index.Count);
        if (k <= 0)
        {
            return [];
        }

        if (!index.IsQuantized)
        {
            return ScanAll(index, k, tuning, (start, end, top) =>
                VectorKernels.ScanFloat(query, index.Vectors, index.SquaredNorms, index.Dimensions, start, end, top));
        }

        var quantized = QuantizedQuery.Of(query);
        var shortlistSize = (int)Math.Min(int.MaxValue, Math.Max((long)k * tuning.RescoreFactor, tuning.MinimumRescoreCandidates));
        var shortlist = ScanAll(index, shortlistSize, tuning, (start, end, top) =>
            VectorKernels.ScanInt8(quantized.Codes, quantized.Scale, index.Codes!, index.Scales!, index.SquaredNorms, index.Dimensions, start, end, top));
        // Best estimate first, so the heap's threshold rises fast; a candidate whose estimate plus its proven error
        // cannot beat the threshold would be refused by the heap anyway, so its float score is not computed (in the
        // load bench ~70% of the shortlist): the result is the same as re-scoring every candidate.
        var bound = new EstimateBound(index, query, quantized);
        var rescored = new TopK(k);
        foreach (var candidate in shortlist)
        {
            if (candidate.Score + bound.Of(candidate.Slot, candidate.Score) <= rescored.Threshold)
            {
                continue;
            }

            rescored.Offer(VectorKernels.Score(query, index.Vectors, index.SquaredNorms, index.Dimensions, candidate.Slot), candidate.Slot);
        }

        return rescored.ToSortedArray();
    }

    /// <summary>How many threads scan <paramref name="count"/> vectors.</summary>
    public static int PartitionsFor(int count, SearchTuning tuning) =>
        Math.Clamp(count / Math.Max(1, tuning.MinimumVectorsPerPartition), 1, Math.Max(1, tuning.MaxParallelism));

    private static ScoredSlot[] ScanAll(VectorIndex index, int k, SearchTuning tuning, Action<int, int, TopK> scan)
    {
        var count = index.Count;
        var partitions = PartitionsFor(count, tuning);
        if (partitions == 1)
        {
            var single = new TopK(k);
            scan(0, count, single);
            return single.ToSortedArray();
        }

        var tops = new TopK[partitions];
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
        {
            var start = (int)((long)count * p / partitions);
            var end = (int)((long)count * (p + 1) / partitions);
            var top = new TopK(k);
            scan(start, end, top);
            tops[p] = top;
        });
        var merged = new TopK(k);
        foreach (var top in tops)
        {
            merged.MergeFrom(top);
        }

        return merged.ToSortedArray();
    }
}

/// <summary>Search knobs taken from <see cref="SqliteVectorStoreOptions"/>.</summary>
internal sealed record SearchTuning(int MaxParallelism, int MinimumVectorsPerPartition, int RescoreFactor, int MinimumRescoreCandidates);
