using System.Collections.Concurrent;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Zeroed score arrays and touched-slot lists for keyword queries, one per concurrent query, shared by every copy
/// derived from the same build: a write makes a new copy, and a new set of arrays per copy would be garbage per write.
/// </summary>
internal sealed class KeywordScratchPool
{
    private readonly ConcurrentBag<KeywordScratch> free = [];

    /// <summary>A zeroed scratch with room for <paramref name="slots"/> slots (a smaller one is dropped: the copy grew).</summary>
    public KeywordScratch Rent(int slots)
    {
        while (free.TryTake(out var scratch))
        {
            if (scratch.Scores.Length >= slots)
            {
                return scratch;
            }
        }

        // Headroom, so the next writes' added rows fit without new arrays at each of them.
        var size = slots + (slots / 8) + 64;
        return new KeywordScratch(new double[size], new int[size]);
    }

    /// <summary>Zeroes only the slots a query touched, so the next query starts from zeros without clearing every slot.</summary>
    public void Return(KeywordScratch scratch, int touched)
    {
        foreach (var slot in scratch.Touched.AsSpan(0, touched))
        {
            scratch.Scores[slot] = 0;
        }

        free.Add(scratch);
    }
}

/// <summary>One query's per-slot scores and the slots it touched.</summary>
internal sealed record KeywordScratch(double[] Scores, int[] Touched);
