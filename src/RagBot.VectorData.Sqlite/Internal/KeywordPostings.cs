namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// The compact, immutable part of a keyword copy: every term's rows and term frequencies in one array (term by term),
/// and the rows (by ascending row id, so a row's position is its slot) with their lengths in tokens. Built whole from
/// SQLite or by merging a delta in; never changed after.
/// </summary>
internal sealed class KeywordPostings(Dictionary<string, int> terms, int[] termStarts, int[] postingRows, ushort[] postingFrequencies, long[] rowIds, int[] lengths)
{
    public Dictionary<string, int> Terms { get; } = terms;

    /// <summary>Where each term's postings start in <see cref="PostingRows"/> (one more entry than terms: the end).</summary>
    public int[] TermStarts { get; } = termStarts;

    public int[] PostingRows { get; } = postingRows;

    public ushort[] PostingFrequencies { get; } = postingFrequencies;

    /// <summary>The rows' ids, ascending: a row's index here is its slot.</summary>
    public long[] RowIds { get; } = rowIds;

    public int[] Lengths { get; } = lengths;

    public int RowCount => RowIds.Length;

    public long TotalTokens { get; } = lengths.Sum(length => (long)length);

    public long MemoryBytes =>
        (long)TermStarts.Length * sizeof(int) + (long)PostingRows.Length * sizeof(int) + (long)PostingFrequencies.Length * sizeof(ushort)
        + (long)RowIds.Length * (sizeof(long) + sizeof(int) + sizeof(double))
        + Terms.Keys.Sum(term => 24L + 2L * term.Length) + Terms.Count * 24L;

    /// <summary>The slot of <paramref name="rowId"/>, or -1.</summary>
    public int SlotOf(long rowId)
    {
        var slot = Array.BinarySearch(RowIds, rowId);
        return slot >= 0 ? slot : -1;
    }

    /// <summary>The postings range of <paramref name="term"/> (empty when no row holds it).</summary>
    public (int Start, int End) RangeOf(string term) =>
        Terms.TryGetValue(term, out var id) ? (TermStarts[id], TermStarts[id + 1]) : (0, 0);
}
