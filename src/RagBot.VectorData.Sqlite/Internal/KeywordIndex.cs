using System.Buffers;
using System.Collections.Concurrent;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// An immutable in-memory copy of one FTS5 table's postings (term → rows and term frequencies) at one catalog change
/// counter, scored exactly as FTS5's bm25() scores an OR of quoted words: same k1, b, idf floor, document length and
/// summation order, so the scores are the same doubles. Only the rows that hold a query term are touched, where FTS5's
/// ORDER BY rank runs its auxiliary bm25() on every row of the OR match set. Readers never lock it: a refresh builds
/// a new one and swaps the reference.
/// </summary>
internal sealed class KeywordIndex
{
    // FTS5's bm25() constants (fts5_aux.c).
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double IdfFloor = 1e-6;

    private readonly Dictionary<string, int> terms;
    private readonly int[] termStarts;
    private readonly int[] postingRows;
    private readonly ushort[] postingFrequencies;
    private readonly long[] rowIds;
    private readonly double[] lengthNorms;
    private readonly long rowCount;
    private readonly ConcurrentBag<ScoreScratch> freeScratch = [];

    public KeywordIndex(long changes, Dictionary<string, int> terms, int[] termStarts, int[] postingRows, ushort[] postingFrequencies, long[] rowIds, int[] lengths)
    {
        Changes = changes;
        this.terms = terms;
        this.termStarts = termStarts;
        this.postingRows = postingRows;
        this.postingFrequencies = postingFrequencies;
        this.rowIds = rowIds;
        rowCount = rowIds.Length;
        var totalTokens = 0L;
        foreach (var length in lengths)
        {
            totalTokens += length;
        }

        // bm25() divides the row's length by the average (total tokens / rows) and adds k1 * (1 - b + b * D / avgdl) to
        // the term frequency; that right-hand operand depends on the row only, so it is computed once per row here.
        var averageLength = (double)totalTokens / rowCount;
        lengthNorms = new double[lengths.Length];
        for (var i = 0; i < lengths.Length; i++)
        {
            lengthNorms[i] = K1 * (1 - B + B * (double)lengths[i] / averageLength);
        }
    }

    /// <summary>The catalog change counter of the collection this copy reflects.</summary>
    public long Changes { get; }

    /// <summary>Bytes held by the postings, row arrays and term dictionary (strings and entries), as an estimate.</summary>
    public long MemoryBytes =>
        (long)termStarts.Length * sizeof(int) + (long)postingRows.Length * sizeof(int) + (long)postingFrequencies.Length * sizeof(ushort)
        + (long)rowIds.Length * (sizeof(long) + sizeof(double))
        + terms.Keys.Sum(term => 24L + 2L * term.Length) + terms.Count * 24L;

    public int TermCount => terms.Count;

    /// <summary>Rows holding the indexed text.</summary>
    public int RowCount => rowIds.Length;

    public int PostingCount => postingRows.Length;

    /// <summary>
    /// The best <paramref name="depth"/> rows for the query's terms (one per FTS5 phrase, repeats kept), best first,
    /// with the BM25 score (positive); ties go to the lower row id. <paramref name="allowedRowIds"/>, when given,
    /// restricts the rows (a filter's SQL result).
    /// </summary>
    public List<(long RowId, double Score)> Search(IReadOnlyList<string> queryTerms, int depth, IReadOnlyList<long>? allowedRowIds)
    {
        var count = rowIds.Length;
        if (count == 0)
        {
            return [];
        }

        var scratch = RentScratch();
        var touched = 0;
        var allowed = allowedRowIds is null ? null : ArrayPool<bool>.Shared.Rent(count);
        try
        {
            foreach (var term in queryTerms)
            {
                touched = Accumulate(term, scratch, touched);
            }

            if (allowed is not null)
            {
                Array.Clear(allowed, 0, count);
                foreach (var rowId in allowedRowIds!)
                {
                    var row = Array.BinarySearch(rowIds, rowId);
                    if (row >= 0)
                    {
                        allowed[row] = true;
                    }
                }
            }

            // Only the rows holding a query term are ranked (the order they are offered in does not change the
            // result: the heap keeps the best by score, then lower row).
            var best = new KeywordTopK(depth);
            var scores = scratch.Scores;
            foreach (var row in scratch.Touched.AsSpan(0, touched))
            {
                if (allowed is null || allowed[row])
                {
                    best.Offer(scores[row], row);
                }
            }

            return best.Drain(rowIds);
        }
        finally
        {
            ReturnScratch(scratch, touched);
            if (allowed is not null)
            {
                ArrayPool<bool>.Shared.Return(allowed);
            }
        }
    }

    /// <summary>A zeroed score array and a touched-row list sized for this index (one per concurrent query).</summary>
    private ScoreScratch RentScratch() =>
        freeScratch.TryTake(out var scratch) ? scratch : new ScoreScratch(new double[rowIds.Length], new int[rowIds.Length]);

    /// <summary>Zeroes only the rows a query touched, so the next query starts from zeros without clearing every row.</summary>
    private void ReturnScratch(ScoreScratch scratch, int touched)
    {
        foreach (var row in scratch.Touched.AsSpan(0, touched))
        {
            scratch.Scores[row] = 0;
        }

        freeScratch.Add(scratch);
    }

    /// <summary>Adds one query term's BM25 to the rows holding it; returns the new count of touched rows.</summary>
    private int Accumulate(string term, ScoreScratch scratch, int touched)
    {
        if (!terms.TryGetValue(term, out var id))
        {
            // No row holds it: FTS5 adds idf * 0 to every row, which changes no score.
            return touched;
        }

        var start = termStarts[id];
        var end = termStarts[id + 1];
        long hits = end - start;
        var idf = Math.Log((rowCount - hits + 0.5) / (hits + 0.5));
        if (idf <= 0.0)
        {
            idf = IdfFloor;
        }

        var scores = scratch.Scores;
        for (var p = start; p < end; p++)
        {
            var row = postingRows[p];
            double frequency = postingFrequencies[p];
            var before = scores[row];
            scores[row] = before + (idf * ((frequency * (K1 + 1.0)) / (frequency + lengthNorms[row])));

            // Every row holding a query term scores above 0 (idf is at least 1e-6, the frequency at least 1).
            if (before == 0 && scores[row] > 0)
            {
                scratch.Touched[touched++] = row;
            }
        }

        return touched;
    }

    private sealed record ScoreScratch(double[] Scores, int[] Touched);
}
