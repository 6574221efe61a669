using System.Buffers;
using System.Runtime.CompilerServices;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// An immutable in-memory copy of one FTS5 table's postings (term → rows and term frequencies) at one catalog change
/// counter, scored exactly as FTS5's bm25() scores an OR of quoted words: same k1, b, idf floor, document length and
/// summation order, so the scores are the same doubles. Only the rows that hold a query term are touched, where FTS5's
/// ORDER BY rank runs its auxiliary bm25() on every row of the OR match set. Readers never lock it: a write of this
/// process makes a new one (the same base postings and a new <see cref="KeywordDelta"/>), a rebuild a whole new one,
/// and either is swapped in by reference.
/// </summary>
internal sealed partial class KeywordIndex
{
    // FTS5's bm25() constants (fts5_aux.c).
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double IdfFloor = 1e-6;

    private readonly KeywordPostings postings;
    private readonly KeywordDelta delta;
    private readonly KeywordScratchPool scratchPool;
    private readonly long rowCount;
    private readonly double averageLength;
    private double[]? lengthNorms;

    public KeywordIndex(long changes, KeywordPostings postings)
        : this(changes, postings, KeywordDelta.Empty, new KeywordScratchPool())
    {
    }

    private KeywordIndex(long changes, KeywordPostings postings, KeywordDelta delta, KeywordScratchPool scratchPool)
    {
        Changes = changes;
        this.postings = postings;
        this.delta = delta;
        this.scratchPool = scratchPool;
        rowCount = postings.RowCount + delta.RowChange;

        // bm25()'s average is the total tokens over the rows, as FTS5 keeps them in its averages record.
        averageLength = (double)(postings.TotalTokens + delta.TokenChange) / rowCount;
    }

    /// <summary>The catalog change counter of the collection this copy reflects.</summary>
    public long Changes { get; }

    /// <summary>Bytes held by the postings, row arrays and term dictionary (strings and entries), as an estimate.</summary>
    public long MemoryBytes => postings.MemoryBytes + (delta.AddedCount * 64L) + (delta.Postings.Count * 64L) + (delta.Dead?.Length ?? 0);

    /// <summary>Rows holding the indexed text.</summary>
    public int RowCount => (int)rowCount;

    /// <summary>Slots: the base rows and every row added since (alive or not).</summary>
    private int SlotCount => postings.RowCount + delta.AddedCount;

    /// <summary>
    /// The best <paramref name="depth"/> rows for the query's terms (one per FTS5 phrase, repeats kept), best first,
    /// with the BM25 score (positive); ties go to the lower row id. <paramref name="allowedRowIds"/>, when given,
    /// restricts the rows (a filter's SQL result).
    /// </summary>
    public List<(long RowId, double Score)> Search(IReadOnlyList<string> queryTerms, int depth, IReadOnlyList<long>? allowedRowIds)
    {
        if (rowCount <= 0)
        {
            return [];
        }

        var slots = SlotCount;
        var norms = LengthNorms();
        var scratch = scratchPool.Rent(slots);
        var touched = 0;
        var allowed = allowedRowIds is null ? null : ArrayPool<bool>.Shared.Rent(slots);
        try
        {
            foreach (var term in queryTerms)
            {
                touched = Accumulate(term, scratch, norms, touched);
            }

            if (allowed is not null)
            {
                Array.Clear(allowed, 0, slots);
                foreach (var rowId in allowedRowIds!)
                {
                    var slot = SlotOf(rowId);
                    if (slot >= 0)
                    {
                        allowed[slot] = true;
                    }
                }
            }

            // Only the rows holding a query term are ranked (the order they are offered in does not change the
            // result: the heap keeps the best by score, then lower row id).
            var best = new KeywordTopK(depth);
            var scores = scratch.Scores;
            foreach (var slot in scratch.Touched.AsSpan(0, touched))
            {
                if (allowed is null || allowed[slot])
                {
                    best.Offer(scores[slot], RowIdOf(slot));
                }
            }

            return best.Drain();
        }
        finally
        {
            scratchPool.Return(scratch, touched);
            if (allowed is not null)
            {
                ArrayPool<bool>.Shared.Return(allowed);
            }
        }
    }

    /// <summary>The slot holding <paramref name="rowId"/> now, or -1 (not indexed, or gone).</summary>
    private int SlotOf(long rowId)
    {
        if (delta.LiveAdded.TryGetValue(rowId, out var added))
        {
            return added;
        }

        var slot = postings.SlotOf(rowId);
        return slot >= 0 && delta.Dead?[slot] != true ? slot : -1;
    }

    private long RowIdOf(int slot) => slot < postings.RowCount ? postings.RowIds[slot] : delta.AddedRowIds[slot - postings.RowCount];

    private int LengthOf(int slot) => slot < postings.RowCount ? postings.Lengths[slot] : delta.AddedLengths[slot - postings.RowCount];

    /// <summary>
    /// k1 * (1 - b + b * D / avgdl) per slot: bm25() adds it to the term frequency, and it depends on the row only,
    /// so it is computed once per copy (at its first query), not per posting.
    /// </summary>
    private double[] LengthNorms()
    {
        var norms = Volatile.Read(ref lengthNorms);
        if (norms is not null)
        {
            return norms;
        }

        norms = new double[SlotCount];
        for (var slot = 0; slot < norms.Length; slot++)
        {
            norms[slot] = K1 * (1 - B + B * (double)LengthOf(slot) / averageLength);
        }

        return Interlocked.CompareExchange(ref lengthNorms, norms, null) ?? norms;
    }

    /// <summary>Adds one query term's BM25 to the rows holding it; returns the new count of touched rows.</summary>
    private int Accumulate(string term, KeywordScratch scratch, double[] norms, int touched)
    {
        var (start, end) = postings.RangeOf(term);
        var added = delta.Postings.TryGetValue(term, out var list) ? list : [];
        long hits = (end - start) + added.Length - delta.DeadHits.GetValueOrDefault(term);
        if (hits <= 0)
        {
            // No row holds it: FTS5 adds idf * 0 to every row, which changes no score.
            return touched;
        }

        var idf = Math.Log((rowCount - hits + 0.5) / (hits + 0.5));
        if (idf <= 0.0)
        {
            idf = IdfFloor;
        }

        var dead = delta.Dead;
        var rows = postings.PostingRows;
        var frequencies = postings.PostingFrequencies;
        for (var p = start; p < end; p++)
        {
            var slot = rows[p];
            if (dead is null || !dead[slot])
            {
                touched = Add(scratch, touched, slot, idf, frequencies[p], norms);
            }
        }

        foreach (var posting in added)
        {
            if (dead is null || !dead[posting.Slot])
            {
                touched = Add(scratch, touched, posting.Slot, idf, posting.Frequency, norms);
            }
        }

        return touched;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Add(KeywordScratch scratch, int touched, int slot, double idf, double frequency, double[] norms)
    {
        var scores = scratch.Scores;
        var before = scores[slot];
        scores[slot] = before + (idf * ((frequency * (K1 + 1.0)) / (frequency + norms[slot])));

        // Every row holding a query term scores above 0 (idf is at least 1e-6, the frequency at least 1).
        if (before == 0 && scores[slot] > 0)
        {
            scratch.Touched[touched++] = slot;
        }

        return touched;
    }
}
