namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// The rows of a collection that pass one filter, as of one value of the collection's change counter, in ascending
/// row order (the order a table scan gives). Immutable: a write produces a new set (<see cref="Apply"/>), so concurrent
/// searches share it without a lock.
/// </summary>
internal sealed class PassingRowSet
{
    private SlotMemo? slots;

    public PassingRowSet(long changes, long[] rowIds)
    {
        Changes = changes;
        RowIds = rowIds;
    }

    /// <summary>The change counter the set reflects.</summary>
    public long Changes { get; }

    /// <summary>Passing row ids, ascending, each once.</summary>
    public long[] RowIds { get; }

    /// <summary>Bytes the set holds: the row ids and, once a vector search asked for them, their slots.</summary>
    public long MemoryBytes => 64 + (RowIds.Length * (long)(sizeof(long) + sizeof(int)));

    public bool Contains(long rowId) => Array.BinarySearch(RowIds, rowId) >= 0;

    /// <summary>
    /// The slots of the passing rows in <paramref name="index"/> (rows it does not hold are left out), in row order.
    /// Remembered for the index's current layout: slots move only when a write is applied, which also moves
    /// <paramref name="indexChanges"/> (or installs a new index). Caller holds the collection's read lock.
    /// </summary>
    public int[] SlotsIn(VectorIndex index, long indexChanges)
    {
        var memo = Volatile.Read(ref slots);
        if (memo is not null && memo.Index.TryGetTarget(out var remembered) && ReferenceEquals(remembered, index) && memo.IndexChanges == indexChanges)
        {
            return memo.Slots;
        }

        var found = new int[RowIds.Length];
        var n = 0;
        foreach (var rowId in RowIds)
        {
            if (index.TryGetSlot(rowId, out var slot))
            {
                found[n++] = slot;
            }
        }

        var result = n == found.Length ? found : found[..n];
        Volatile.Write(ref slots, new SlotMemo(new WeakReference<VectorIndex>(index), indexChanges, result));
        return result;
    }

    /// <summary>
    /// The set after the writes up to <paramref name="changes"/>: <paramref name="touched"/> are the rows written or
    /// deleted since <see cref="Changes"/>, <paramref name="touchedPassing"/> those of them that exist and pass now
    /// (ascending). Linear in the set's size, no re-sort.
    /// </summary>
    public PassingRowSet Apply(long changes, HashSet<long> touched, long[] touchedPassing)
    {
        if (touched.Count == 0)
        {
            return new PassingRowSet(changes, RowIds);
        }

        var merged = new long[RowIds.Length + touchedPassing.Length];
        int n = 0, added = 0;
        foreach (var rowId in RowIds)
        {
            if (touched.Contains(rowId))
            {
                continue;
            }

            while (added < touchedPassing.Length && touchedPassing[added] < rowId)
            {
                merged[n++] = touchedPassing[added++];
            }

            merged[n++] = rowId;
        }

        while (added < touchedPassing.Length)
        {
            merged[n++] = touchedPassing[added++];
        }

        return new PassingRowSet(changes, n == merged.Length ? merged : merged[..n]);
    }

    /// <summary>
    /// Holds the index weakly: a remembered set can outlive its collection (another process dropped it while this set
    /// was being saved), and must not keep a retired generation's vectors (hundreds of MB) alive until it ages out.
    /// </summary>
    private sealed record SlotMemo(WeakReference<VectorIndex> Index, long IndexChanges, int[] Slots);
}
