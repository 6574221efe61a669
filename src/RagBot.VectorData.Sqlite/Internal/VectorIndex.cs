using System.Numerics.Tensors;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// The in-memory copy of one vector column: all vectors in one contiguous float buffer (normalized for cosine),
/// optional int8 codes, and the SQLite rowid and record key of each slot. Not thread-safe: callers hold the collection's lock.
/// </summary>
/// <remarks>
/// The key is kept beside the rowid so that a search can rank and name its hits without reading their rows from
/// SQLite (<see cref="RagBot.Core.Indexing.IDeferredRecordSearch{TKey, TRecord}"/>): a row's key never changes (an
/// upsert keeps the row, a delete retires the rowid for good), so a key stored here can only be missing, never wrong.
/// </remarks>
internal sealed class VectorIndex
{
    private readonly Dictionary<long, int> slotOfRow = [];

    // Keys of the slots that have one: the similarity lookup names rows by key, and a query per lookup to turn keys
    // into rowids cost more than scoring them. A boxed key compares by value (Guid, string, long).
    private readonly Dictionary<object, int> slotOfKey = [];
    private float[] vectors;
    private float[]? squaredNorms;
    private long[] rowIds;
    private object?[] keys;
    private sbyte[]? codes;
    private float[]? scales;

    /// <summary>
    /// Widest vector kept in int8: the integer dot product of two code vectors (up to 127 x 127 per dimension) must fit
    /// an int. Wider ones are scanned in float32.
    /// </summary>
    public const int MaxQuantizedDimensions = int.MaxValue / (127 * 127);

    public VectorIndex(int dimensions, VectorScoring scoring, bool quantize, int capacity)
    {
        Dimensions = dimensions;
        Scoring = scoring;
        capacity = Math.Max(capacity, 16);
        vectors = new float[(long)capacity * dimensions];
        rowIds = new long[capacity];
        keys = new object?[capacity];
        squaredNorms = scoring.UsesSquaredNorms ? new float[capacity] : null;
        if (quantize && dimensions <= MaxQuantizedDimensions)
        {
            codes = new sbyte[(long)capacity * dimensions];
            scales = new float[capacity];
        }
    }

    public int Dimensions { get; }

    public VectorScoring Scoring { get; }

    public int Count { get; private set; }

    /// <summary>Slots allocated (at least <see cref="Count"/>; the buffers grow by doubling).</summary>
    public int Capacity => rowIds.Length;

    public bool IsQuantized => codes is not null;

    public float[] Vectors => vectors;

    public float[]? SquaredNorms => squaredNorms;

    public sbyte[]? Codes => codes;

    public float[]? Scales => scales;

    public long RowIdAt(int slot) => rowIds[slot];

    public bool TryGetSlot(long rowId, out int slot) => slotOfRow.TryGetValue(rowId, out slot);

    /// <summary>The record key of the slot's row, or null when it was set without one.</summary>
    public object? KeyAt(int slot) => keys[slot];

    /// <summary>
    /// The slot of the row whose key is <paramref name="key"/>, when the index holds it with its key. False says only
    /// that this index cannot name it: the row may have no vector, or have been set without its key.
    /// </summary>
    public bool TryGetSlotOfKey(object key, out int slot) => slotOfKey.TryGetValue(key, out slot);

    /// <summary>Bytes held in memory per stored vector (float buffer, norms, int8 codes, rowid map, key reference, a boxed Guid-sized key, and the key map's entry and bucket).</summary>
    public long BytesPerVector =>
        (Dimensions * sizeof(float)) + (squaredNorms is null ? 0 : sizeof(float)) + (codes is null ? 0 : Dimensions + sizeof(float))
        + sizeof(long) + 24 + IntPtr.Size + 32 + 28;

    /// <summary>Stores the row's vector (and its key, when given: a null key keeps the one already stored).</summary>
    public void Set(long rowId, ReadOnlySpan<float> vector, object? key = null)
    {
        if (!slotOfRow.TryGetValue(rowId, out var slot))
        {
            EnsureCapacity(Count + 1);
            slot = Count++;
            slotOfRow[rowId] = slot;
            rowIds[slot] = rowId;
            keys[slot] = null;
        }

        if (key is not null)
        {
            SetKey(slot, key);
        }

        var target = vectors.AsSpan(slot * Dimensions, Dimensions);
        vector.CopyTo(target);
        if (Scoring.Normalizes)
        {
            var norm = TensorPrimitives.Norm(target);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(target, norm, target);
            }
        }

        if (squaredNorms is not null)
        {
            squaredNorms[slot] = TensorPrimitives.Dot(target, target);
        }

        if (codes is not null)
        {
            scales![slot] = VectorKernels.Quantize(target, codes.AsSpan(slot * Dimensions, Dimensions));
        }
    }

    /// <summary>Removes a row by moving the last slot into its place, keeping the buffer dense.</summary>
    public void Remove(long rowId)
    {
        if (!slotOfRow.Remove(rowId, out var slot))
        {
            return;
        }

        ForgetKey(slot);

        var last = --Count;
        if (slot != last)
        {
            vectors.AsSpan(last * Dimensions, Dimensions).CopyTo(vectors.AsSpan(slot * Dimensions, Dimensions));
            rowIds[slot] = rowIds[last];
            keys[slot] = keys[last];
            slotOfRow[rowIds[slot]] = slot;
            if (keys[slot] is { } movedKey && slotOfKey.TryGetValue(movedKey, out var mapped) && mapped == last)
            {
                slotOfKey[movedKey] = slot;
            }

            if (squaredNorms is not null)
            {
                squaredNorms[slot] = squaredNorms[last];
            }

            if (codes is not null)
            {
                codes.AsSpan(last * Dimensions, Dimensions).CopyTo(codes.AsSpan(slot * Dimensions, Dimensions));
                scales![slot] = scales[last];
            }
        }

        // Release the key of the vacated slot (the rest of the slot is overwritten when reused).
        keys[last] = null;
    }

    private void SetKey(int slot, object key)
    {
        ForgetKey(slot);
        keys[slot] = key;
        slotOfKey[key] = slot;
    }

    /// <summary>Drops the slot's key from the key map, unless the map already names another slot for it.</summary>
    private void ForgetKey(int slot)
    {
        if (keys[slot] is { } key && slotOfKey.TryGetValue(key, out var mapped) && mapped == slot)
        {
            slotOfKey.Remove(key);
        }
    }

    /// <summary>Prepares a query the way stored vectors were prepared (normalized for cosine).</summary>
    public float[] PrepareQuery(ReadOnlySpan<float> query, out float squaredNorm)
    {
        var prepared = query.ToArray();
        squaredNorm = TensorPrimitives.Dot(prepared, prepared);
        if (Scoring.Normalizes && squaredNorm > 0f)
        {
            TensorPrimitives.Divide(prepared, MathF.Sqrt(squaredNorm), prepared);
            squaredNorm = 1f;
        }

        return prepared;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= rowIds.Length)
        {
            return;
        }

        var capacity = Math.Max(needed, rowIds.Length * 2);
        Array.Resize(ref vectors, capacity * Dimensions);
        Array.Resize(ref rowIds, capacity);
        Array.Resize(ref keys, capacity);
        if (squaredNorms is not null)
        {
            Array.Resize(ref squaredNorms, capacity);
        }

        if (codes is not null)
        {
            Array.Resize(ref codes, capacity * Dimensions);
            Array.Resize(ref scales, capacity);
        }
    }
}
