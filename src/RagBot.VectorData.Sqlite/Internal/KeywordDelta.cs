using System.Collections.Immutable;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// What this process wrote since the base postings were built, as an immutable overlay: rows added since (slots after
/// the base's), slots whose row was deleted or replaced (their postings stay, skipped when scoring), and per term how
/// many dead slots hold it, so document frequencies, the row count and the total length are those of the committed
/// state. Each write makes a new delta from the previous one; readers of an older one are not disturbed.
/// </summary>
internal sealed record KeywordDelta
{
    public static readonly KeywordDelta Empty = new();

    /// <summary>Per slot (base and added), whether its row is gone; null while none is.</summary>
    public bool[]? Dead { get; init; }

    public int DeadCount { get; init; }

    /// <summary>The added slots' row ids and lengths, in slot order (slot = base rows + index).</summary>
    public ImmutableList<long> AddedRowIds { get; init; } = [];

    public ImmutableList<int> AddedLengths { get; init; } = [];

    /// <summary>Row id → slot of every added row still alive.</summary>
    public ImmutableDictionary<long, int> LiveAdded { get; init; } = ImmutableDictionary<long, int>.Empty;

    /// <summary>Term → the added slots holding it, with the term's frequency there.</summary>
    public ImmutableDictionary<string, ImmutableArray<KeywordPosting>> Postings { get; init; } =
        ImmutableDictionary.Create<string, ImmutableArray<KeywordPosting>>(StringComparer.Ordinal);

    /// <summary>Term → how many dead slots hold it (subtracted from the term's document frequency).</summary>
    public ImmutableDictionary<string, int> DeadHits { get; init; } = ImmutableDictionary.Create<string, int>(StringComparer.Ordinal);

    public int AddedCount => AddedRowIds.Count;

    /// <summary>Net rows and tokens added (negative when more went than came).</summary>
    public long RowChange { get; init; }

    public long TokenChange { get; init; }
}

/// <summary>One added slot holding a term, with the term's frequency in that row.</summary>
internal readonly record struct KeywordPosting(int Slot, ushort Frequency);
