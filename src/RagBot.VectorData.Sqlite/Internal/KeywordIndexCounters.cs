namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// How the store's keyword copies were kept current and how keyword queries were answered, over all collections: what
/// tells a copy kept current by this process's writes (deltas, no rebuilds) from one that falls back to FTS5.
/// </summary>
internal sealed class KeywordIndexCounters
{
    private long rebuilds;
    private long deltas;
    private long merges;
    private long fts5Answers;

    /// <summary>Copies built whole from SQLite (the first query's, and each refresh after a write this process did not apply).</summary>
    public long Rebuilds => Interlocked.Read(ref rebuilds);

    /// <summary>Writes of this process applied to the current copy as a delta.</summary>
    public long Deltas => Interlocked.Read(ref deltas);

    /// <summary>Deltas merged into new base postings.</summary>
    public long Merges => Interlocked.Read(ref merges);

    /// <summary>Keyword queries FTS5 answered because no copy reflected their change counter.</summary>
    public long Fts5Answers => Interlocked.Read(ref fts5Answers);

    public void Rebuilt() => Interlocked.Increment(ref rebuilds);

    public void AppliedDelta() => Interlocked.Increment(ref deltas);

    public void Merged() => Interlocked.Increment(ref merges);

    public void AnsweredByFts5() => Interlocked.Increment(ref fts5Answers);
}
