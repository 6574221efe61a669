namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// The best (score, row) pairs of a keyword query in a bounded min-heap, in doubles (BM25 scores are compared exactly
/// as FTS5 computes them); on equal scores the lower row (lower row id) ranks first.
/// </summary>
internal sealed class KeywordTopK
{
    // The heap grows as rows are offered: a caller's depth (top + skip, up to int.MaxValue) must not size an allocation.
    private const int InitialHeapSize = 256;

    private readonly PriorityQueue<int, (double Score, int Row)> heap;
    private readonly int capacity;

    public KeywordTopK(int capacity)
    {
        // A depth below 1 is top + skip overflowing int: no limit, as SQLite reads FTS5's negative LIMIT.
        this.capacity = capacity < 1 ? int.MaxValue : capacity;
        heap = new PriorityQueue<int, (double Score, int Row)>(Math.Min(this.capacity, InitialHeapSize) + 1, WorstFirst.Instance);
    }

    public void Offer(double score, int row)
    {
        if (heap.Count < capacity)
        {
            heap.Enqueue(row, (score, row));
        }
        else if (heap.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare((score, row), worst) > 0)
        {
            heap.EnqueueDequeue(row, (score, row));
        }
    }

    /// <summary>The kept rows as (row id, score), best first; empties the heap.</summary>
    public List<(long RowId, double Score)> Drain(long[] rowIds)
    {
        var result = new (long RowId, double Score)[heap.Count];
        for (var i = result.Length - 1; heap.TryDequeue(out var row, out var priority); i--)
        {
            result[i] = (rowIds[row], priority.Score);
        }

        return [.. result];
    }

    /// <summary>Orders worse before better: lower score, or the same score and a higher row.</summary>
    private sealed class WorstFirst : IComparer<(double Score, int Row)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, int Row) x, (double Score, int Row) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Row.CompareTo(x.Row);
    }
}
