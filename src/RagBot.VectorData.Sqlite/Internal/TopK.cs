namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>A bounded min-heap keeping the <c>capacity</c> highest-scoring slots seen so far.</summary>
internal sealed class TopK
{
    private readonly float[] scores;
    private readonly int[] slots;

    public TopK(int capacity)
    {
        Capacity = Math.Max(1, capacity);
        scores = new float[Capacity];
        slots = new int[Capacity];
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    /// <summary>The score a candidate must beat to enter; negative infinity while the heap is not full.</summary>
    public float Threshold => Count < Capacity ? float.NegativeInfinity : scores[0];

    public void Offer(float score, int slot)
    {
        if (Count < Capacity)
        {
            var i = Count++;
            scores[i] = score;
            slots[i] = slot;
            SiftUp(i);
        }
        else if (score > scores[0])
        {
            scores[0] = score;
            slots[0] = slot;
            SiftDown(0);
        }
    }

    public void MergeFrom(TopK other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            Offer(other.scores[i], other.slots[i]);
        }
    }

    /// <summary>Returns the kept entries, best first.</summary>
    public ScoredSlot[] ToSortedArray()
    {
        var result = new ScoredSlot[Count];
        for (var i = 0; i < Count; i++)
        {
            result[i] = new ScoredSlot(slots[i], scores[i]);
        }

        Array.Sort(result, static (a, b) => b.Score.CompareTo(a.Score));
        return result;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (scores[parent] <= scores[i])
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= Count)
            {
                return;
            }

            var smallest = left + 1 < Count && scores[left + 1] < scores[left] ? left + 1 : left;
            if (scores[i] <= scores[smallest])
            {
                return;
            }

            Swap(i, smallest);
            i = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (scores[a], scores[b]) = (scores[b], scores[a]);
        (slots[a], slots[b]) = (slots[b], slots[a]);
    }
}

/// <summary>A slot of the vector buffer with its internal score (higher is better).</summary>
internal readonly record struct ScoredSlot(int Slot, float Score);
