namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// The best (score, row id) pairs of a keyword query in a bounded min-heap, in doubles (BM25 scores are compared exactly
/// as FTS5 computes them); on equal scores the lower row id ranks first (by id, not slot: a row written again keeps
/// its id but takes a later slot).
/// </summary>
internal sealed class KeywordTopK
{
    // The heap grows as rows are offered: a caller's depth (top + skip, up to int.MaxValue) must not size an allocation.
    private const int InitialHeapSize = 256;

    private readonly PriorityQueue<long, (double Score, long RowId)> heap;
    private readonly int capacity;

    public KeywordTopK(int capacity)
    {
        // A depth below 1 is top + skip overflowing int: no limit, as SQLite reads FTS5's negative LIMIT.
        this.capacity = capacity < 1 ? int.MaxValue : capacity;
        heap = new PriorityQueue<long, (double Score, long RowId)>(Math.Min(this.capacity, InitialHeapSize) + 1, WorstFirst.Instance);
    }

    public void Offer(double score, long rowId)
    {
        if (heap.Count < capacity)
        {
            heap.Enqueue(rowId, (score, rowId));
        }
        else if (heap.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare((score, rowId), worst) > 0)
        {
            heap.EnqueueDequeue(rowId, (score, rowId));
        }
    }

    /// <summary>The kept rows as (row id, score), best first; empties the heap.</summary>
    public List<(long RowId, double Score)> Drain()
    {
        var result = new (long RowId, double Score)[heap.Count];
        for (var i = result.Length - 1; heap.TryDequeue(out var rowId, out var priority); i--)
        {
            result[i] = (rowId, priority.Score);
        }

        return [.. result];
    }

    /// <summary>Orders worse before better: lower score, or the same score and a higher row id.</summary>
    private sealed class WorstFirst : IComparer<(double Score, long RowId)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, long RowId) x, (double Score, long RowId) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.RowId.CompareTo(x.RowId);
    }
}
