namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// The passing-row sets of recent filters, per collection and filter (SQL and parameter values), least recently used
/// dropped first, bounded in bytes (row ids, slots and keys) and in entries. A set is only ever used at the change
/// counter it reflects or brought forward from it (<see cref="PassingRowSet.Apply"/>), so an entry needs no
/// invalidation: an outdated one is the starting point of the next catch-up, or ages out.
/// </summary>
internal sealed class PassingRowCache
{
    /// <summary>At most this many filters are remembered per store, however small their sets.</summary>
    public const int MaxEntries = 1024;

    private readonly Lock gate = new();
    private readonly Dictionary<(long Collection, string Filter), LinkedListNode<Entry>> entries = [];
    private readonly LinkedList<Entry> recency = new();
    private readonly long maxBytes;
    private long bytes;

    public PassingRowCache(long maxBytes)
    {
        this.maxBytes = maxBytes;
    }

    /// <summary>Bytes held by the remembered sets and their keys.</summary>
    public long MemoryBytes
    {
        get
        {
            lock (gate)
            {
                return bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public PassingRowSet? Find(long collectionId, string filterKey)
    {
        lock (gate)
        {
            if (!entries.TryGetValue((collectionId, filterKey), out var node))
            {
                return null;
            }

            recency.Remove(node);
            recency.AddFirst(node);
            return node.Value.Rows;
        }
    }

    /// <summary>Remembers <paramref name="rows"/> unless a newer set is there already or it alone exceeds the budget.</summary>
    public void Remember(long collectionId, string filterKey, PassingRowSet rows)
    {
        var cost = CostOf(filterKey, rows);
        lock (gate)
        {
            if (entries.TryGetValue((collectionId, filterKey), out var existing))
            {
                if (existing.Value.Rows.Changes > rows.Changes)
                {
                    return;
                }

                Drop(existing);
            }

            if (cost > maxBytes)
            {
                return;
            }

            while (recency.Last is { } oldest && (bytes + cost > maxBytes || entries.Count >= MaxEntries))
            {
                Drop(oldest);
            }

            var node = recency.AddFirst(new Entry(collectionId, filterKey, rows, cost));
            entries[(collectionId, filterKey)] = node;
            bytes += cost;
        }
    }

    /// <summary>Drops every set of a deleted collection.</summary>
    public void Forget(long collectionId)
    {
        lock (gate)
        {
            foreach (var node in entries.Values.Where(node => node.Value.Collection == collectionId).ToList())
            {
                Drop(node);
            }
        }
    }

    private static long CostOf(string filterKey, PassingRowSet rows) => rows.MemoryBytes + 64 + (2L * filterKey.Length);

    private void Drop(LinkedListNode<Entry> node)
    {
        recency.Remove(node);
        entries.Remove((node.Value.Collection, node.Value.Filter));
        bytes -= node.Value.Cost;
    }

    private sealed record Entry(long Collection, string Filter, PassingRowSet Rows, long Cost);
}
