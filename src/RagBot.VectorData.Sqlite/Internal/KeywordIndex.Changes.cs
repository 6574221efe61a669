using System.Collections.Immutable;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>Deriving copies: a committed write applied as a delta, and the delta merged into new base postings.</summary>
internal sealed partial class KeywordIndex
{
    /// <summary>Merge once the delta's slots reach this share (1/n) of the base rows (at least <see cref="MinimumDeltaToMerge"/>).</summary>
    private const int MergeShare = 8;

    private const int MinimumDeltaToMerge = 256;

    /// <summary>
    /// Whether the delta has grown enough that merging it into new base postings pays: dead slots are still walked by
    /// every query holding their terms, and the added rows' postings are a slower structure than the base arrays.
    /// </summary>
    public bool ShouldMerge => delta.AddedCount + delta.DeadCount >= Math.Max(MinimumDeltaToMerge, postings.RowCount / MergeShare);

    /// <summary>
    /// This copy with one committed write applied: <paramref name="removed"/> rows as they were before the write (the
    /// rows it replaced or deleted), then <paramref name="added"/> rows as the write left them, claiming
    /// <paramref name="changes"/>. Null when the write does not fit this copy (a removed row it does not hold, or holds
    /// with another length; an added row it already holds; a term repeated more than 65,535 times in a row): the
    /// caller then leaves the copy stale, and the full rebuild takes over.
    /// </summary>
    public KeywordIndex? Apply(IReadOnlyList<KeywordRow> removed, IReadOnlyList<KeywordRow> added, long changes)
    {
        var slotCount = SlotCount + added.Count;
        var dead = new bool[slotCount];
        delta.Dead?.CopyTo(dead, 0);
        var deadCount = delta.DeadCount;
        var liveAdded = delta.LiveAdded.ToBuilder();
        var deadHits = delta.DeadHits.ToBuilder();
        var rowChange = delta.RowChange;
        var tokenChange = delta.TokenChange;
        foreach (var row in removed)
        {
            var slot = SlotOf(row.RowId);
            if (slot < 0 || dead[slot] || LengthOf(slot) != row.Length)
            {
                return null;
            }

            dead[slot] = true;
            deadCount++;
            liveAdded.Remove(row.RowId);
            rowChange--;
            tokenChange -= row.Length;
            foreach (var (term, _) in row.Terms)
            {
                deadHits[term] = deadHits.GetValueOrDefault(term) + 1;
            }
        }

        var addedRowIds = delta.AddedRowIds.ToBuilder();
        var addedLengths = delta.AddedLengths.ToBuilder();
        // Each term's new postings are gathered first and appended to its list once per write: appending per row copied
        // the term's whole immutable list for every row holding it, so a common term's cost grew with the delta (1M
        // rows, 32-row writes: ~1 ms per write at 16k added rows, 50-120 ms from 64k on, until the merge at 125k).
        var newPostings = new Dictionary<string, List<KeywordPosting>>(StringComparer.Ordinal);
        foreach (var row in added)
        {
            if (liveAdded.ContainsKey(row.RowId) || (postings.SlotOf(row.RowId) is var baseSlot && baseSlot >= 0 && !dead[baseSlot]))
            {
                return null;
            }

            var slot = postings.RowCount + addedRowIds.Count;
            addedRowIds.Add(row.RowId);
            addedLengths.Add(row.Length);
            liveAdded[row.RowId] = slot;
            rowChange++;
            tokenChange += row.Length;
            foreach (var (term, frequency) in row.Terms)
            {
                if (frequency > ushort.MaxValue)
                {
                    return null;
                }

                if (!newPostings.TryGetValue(term, out var list))
                {
                    newPostings[term] = list = [];
                }

                list.Add(new KeywordPosting(slot, (ushort)frequency));
            }
        }

        var addedPostings = delta.Postings.ToBuilder();
        foreach (var (term, list) in newPostings)
        {
            addedPostings[term] = addedPostings.TryGetValue(term, out var existing) ? existing.AddRange(list) : [.. list];
        }

        var next = new KeywordDelta
        {
            Dead = deadCount == 0 ? null : dead,
            DeadCount = deadCount,
            AddedRowIds = addedRowIds.ToImmutable(),
            AddedLengths = addedLengths.ToImmutable(),
            LiveAdded = liveAdded.ToImmutable(),
            Postings = addedPostings.ToImmutable(),
            DeadHits = deadHits.ToImmutable(),
            RowChange = rowChange,
            TokenChange = tokenChange,
        };
        return new KeywordIndex(changes, postings, next, scratchPool);
    }

    /// <summary>
    /// The same committed state (same counter, same scores) as new base postings with an empty delta: the live rows
    /// by ascending id, each term's live postings. Costs a pass over every posting, so it runs off the write path.
    /// </summary>
    public KeywordIndex Merge()
    {
        var live = new List<(long RowId, int Slot)>(RowCount);
        for (var slot = 0; slot < SlotCount; slot++)
        {
            if (delta.Dead?[slot] != true)
            {
                live.Add((RowIdOf(slot), slot));
            }
        }

        live.Sort();
        var newSlot = new int[SlotCount];
        Array.Fill(newSlot, -1);
        var rowIds = new long[live.Count];
        var lengths = new int[live.Count];
        for (var i = 0; i < live.Count; i++)
        {
            rowIds[i] = live[i].RowId;
            lengths[i] = LengthOf(live[i].Slot);
            newSlot[live[i].Slot] = i;
        }

        var terms = new Dictionary<string, int>(postings.Terms.Count, StringComparer.Ordinal);
        var termStarts = new List<int>(postings.Terms.Count + 1);
        var rows = new List<int>(postings.PostingRows.Length);
        var frequencies = new List<ushort>(postings.PostingRows.Length);
        foreach (var term in postings.Terms.Keys.Concat(delta.Postings.Keys.Where(term => !postings.Terms.ContainsKey(term))))
        {
            var start = rows.Count;
            var (from, to) = postings.RangeOf(term);
            for (var p = from; p < to; p++)
            {
                AddLive(newSlot[postings.PostingRows[p]], postings.PostingFrequencies[p], rows, frequencies);
            }

            foreach (var posting in delta.Postings.GetValueOrDefault(term, ImmutableArray<KeywordPosting>.Empty))
            {
                AddLive(newSlot[posting.Slot], posting.Frequency, rows, frequencies);
            }

            // A term no live row holds any more is dropped, as FTS5's vocabulary drops it.
            if (rows.Count > start)
            {
                terms.Add(term, termStarts.Count);
                termStarts.Add(start);
            }
        }

        termStarts.Add(rows.Count);
        var merged = new KeywordPostings(terms, [.. termStarts], [.. rows], [.. frequencies], rowIds, lengths);
        return new KeywordIndex(Changes, merged, KeywordDelta.Empty, scratchPool);
    }

    private static void AddLive(int slot, ushort frequency, List<int> rows, List<ushort> frequencies)
    {
        if (slot >= 0)
        {
            rows.Add(slot);
            frequencies.Add(frequency);
        }
    }
}
