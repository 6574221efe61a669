namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// The in-memory vector indexes of one collection, shared by every collection object of the same store, and the
/// change counter value they reflect. Searches hold <see cref="Lock"/> for reading; commits apply under it for writing.
/// </summary>
internal sealed class CollectionIndexState(KeywordIndexCounters keywordCounters) : IDisposable
{
    private Dictionary<string, VectorIndex>? indexes;

    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Serializes this process's writers and index loads for the collection.</summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    /// <summary>The in-memory keyword postings (immutable copies swapped whole, so they take no lock).</summary>
    public KeywordIndexes Keywords { get; } = new(keywordCounters);

    /// <summary>The catalog change counter the indexes reflect, or -1 when they are not loaded.</summary>
    public long SyncedChanges { get; private set; } = -1;

    public bool IsFresh(long changes) => indexes is not null && SyncedChanges >= changes;

    public bool IsLoaded => indexes is not null;

    /// <summary>Bytes the loaded vectors and keyword postings hold in memory (0 when not loaded); read without the lock, as an estimate.</summary>
    public long MemoryBytes => (indexes?.Values.Sum(index => (long)index.Capacity * index.BytesPerVector) ?? 0) + Keywords.MemoryBytes;

    public VectorIndex IndexOf(string column) =>
        indexes?[column] ?? throw new InvalidOperationException("The vector index is not loaded.");

    /// <summary>Installs freshly loaded indexes. Caller holds the write lock.</summary>
    public void Install(Dictionary<string, VectorIndex> loaded, long changes)
    {
        indexes = loaded;
        SyncedChanges = changes;
    }

    /// <summary>
    /// Applies a just-committed write. Caller holds the write lock.
    /// </summary>
    public void ApplyCommitted(long changesBefore, IReadOnlyList<VectorChange> changes)
    {
        if (indexes is null)
        {
            return;
        }

        if (SyncedChanges != changesBefore)
        {
            // Another writer got in between: stay at the older counter; the next search catches up on every row
            // newer than it, ours included.
            return;
        }

        foreach (var change in changes)
        {
            var index = indexes[change.Column];
            if (change.Vector is null)
            {
                index.Remove(change.RowId);
            }
            else
            {
                index.Set(change.RowId, change.Vector.Value.Span, change.Key);
            }
        }

        SyncedChanges = changesBefore + 1;
    }

    /// <summary>Applies rows changed by other writers since <see cref="SyncedChanges"/>. Caller holds the write lock.</summary>
    public void CatchUp(long changes, IReadOnlyList<long> removedRows, IReadOnlyList<VectorChange> updates)
    {
        if (indexes is null)
        {
            return;
        }

        foreach (var rowId in removedRows)
        {
            foreach (var index in indexes.Values)
            {
                index.Remove(rowId);
            }
        }

        foreach (var update in updates)
        {
            if (update.Vector is { } vector)
            {
                indexes[update.Column].Set(update.RowId, vector.Span, update.Key);
            }
            else
            {
                indexes[update.Column].Remove(update.RowId);
            }
        }

        SyncedChanges = changes;
    }

    public void Dispose()
    {
        Lock.Dispose();
        WriteGate.Dispose();
    }
}

/// <summary>One vector of one row as written (null vector = removed), with the row's record key when known.</summary>
internal readonly record struct VectorChange(long RowId, string Column, ReadOnlyMemory<float>? Vector, object? Key = null);
