using System.Collections.Concurrent;
using System.Diagnostics;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// The in-memory keyword indexes of one collection (one per FTS5 table), each an immutable <see cref="KeywordIndex"/>
/// swapped whole. A query uses the current copy when it reflects at least the change counter the query read, else it
/// asks FTS5 (same results, slower) while one refresh rebuilds the copy in the background. Refreshes are spaced by
/// twice the last rebuild's time, so continuous ingestion spends at most about a third of a core on them. A write of
/// this process that started from the current copy's counter advances the copy itself (<see cref="TryAdvance"/>), so
/// neither the fallback nor a rebuild is needed for it.
/// </summary>
internal sealed class KeywordIndexes(KeywordIndexCounters counters)
{
    private readonly ConcurrentDictionary<string, KeywordIndex> current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> refreshing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> nextRefreshAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> advancing = new(StringComparer.Ordinal);

    /// <summary>Bytes the loaded keyword indexes hold (0 when none is loaded).</summary>
    public long MemoryBytes => current.Values.Sum(index => index.MemoryBytes);

    /// <summary>The copy of <paramref name="fts"/> queries use now, whatever its counter, or null.</summary>
    public KeywordIndex? Current(string fts) => current.GetValueOrDefault(fts);

    /// <summary>
    /// Replaces <paramref name="expected"/> by <paramref name="next"/> (the same copy with a committed write applied),
    /// unless something else was installed meanwhile (a rebuild: then <paramref name="next"/> is dropped, and the
    /// copy in place is at least as new or is refreshed as usual).
    /// </summary>
    public bool TryAdvance(string fts, KeywordIndex expected, KeywordIndex next)
    {
        if (!current.TryUpdate(fts, next, expected))
        {
            return false;
        }

        counters.AppliedDelta();
        return true;
    }

    /// <summary>
    /// Merges the current copy's delta into new base postings when it grew large. The caller holds the collection's
    /// write gate, so no write of this process can advance the copy meanwhile and the merge is never thrown away
    /// (a background merge lost that race under continuous ingestion); queries keep using the unmerged copy.
    /// </summary>
    public void MergeIfDue(string fts)
    {
        if (current.TryGetValue(fts, out var latest) && latest.ShouldMerge && current.TryUpdate(fts, latest.Merge(), latest))
        {
            counters.Merged();
        }
    }

    /// <summary>
    /// Announces that a write of this process is committing and will advance the copy of <paramref name="fts"/> to
    /// <paramref name="changes"/>: a query that reads that counter before the swap asks FTS5 once, but does not
    /// start a rebuild the swap makes useless.
    /// </summary>
    public void Expect(string fts, long changes) => advancing[fts] = changes;

    /// <summary>The write announced by <see cref="Expect"/> swapped its copy in, or failed.</summary>
    public void Expected(string fts) => advancing.TryRemove(fts, out _);

    /// <summary>Whether a write of this process is about to bring the copy to <paramref name="changes"/>.</summary>
    public bool IsAdvancingTo(string fts, long changes) => advancing.TryGetValue(fts, out var next) && next >= changes;

    /// <summary>The copy of <paramref name="fts"/> when it reflects <paramref name="changes"/> or later; else null.</summary>
    public KeywordIndex? Fresh(string fts, long changes) =>
        current.TryGetValue(fts, out var index) && index.Changes >= changes ? index : null;

    /// <summary>
    /// Whether a build of <paramref name="fts"/> has ended (a copy installed, or a build that returned nothing or failed),
    /// so only a collection's very first keyword query waits for one. A collection whose postings cannot be built (a
    /// row repeating a term more than 65,535 times, a failing read) would otherwise make every query that comes after
    /// the refresh spacing wait for another full build before asking FTS5.
    /// </summary>
    public bool HasAny(string fts) => current.ContainsKey(fts) || nextRefreshAt.ContainsKey(fts);

    /// <summary>Builds the copy now (a collection's first keyword query, as its vector index loads on the first search).</summary>
    public async Task<KeywordIndex?> LoadAsync(string fts, Func<CancellationToken, Task<KeywordIndex?>> load, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var loaded = await load(cancellationToken).ConfigureAwait(false);
        counters.Rebuilt();
        Install(fts, loaded, Stopwatch.GetElapsedTime(started));
        return loaded;
    }

    /// <summary>Starts a background rebuild unless one runs or the last one ended too recently.</summary>
    public void RequestRefresh(string fts, Func<CancellationToken, Task<KeywordIndex?>> load)
    {
        if (refreshing.ContainsKey(fts) || (nextRefreshAt.TryGetValue(fts, out var next) && Stopwatch.GetTimestamp() < next))
        {
            return;
        }

        var gate = new TaskCompletionSource();
        if (!refreshing.TryAdd(fts, gate.Task))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await LoadAsync(fts, load, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failed background refresh leaves the previous copy; queries keep asking FTS5 and the next one retries.
            catch (Exception)
#pragma warning restore CA1031
            {
                nextRefreshAt[fts] = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
            }
            finally
            {
                refreshing.TryRemove(fts, out _);
                gate.SetResult();
            }
        });
    }

    /// <summary>Waits for a running background refresh of <paramref name="fts"/>, if any (tests, shutdown).</summary>
    public Task WhenRefreshedAsync(string fts) => refreshing.TryGetValue(fts, out var task) ? task : Task.CompletedTask;

    private void Install(string fts, KeywordIndex? loaded, TimeSpan took)
    {
        nextRefreshAt[fts] = Stopwatch.GetTimestamp() + (long)(took.TotalSeconds * 2 * Stopwatch.Frequency);
        if (loaded is null)
        {
            return;
        }

        // Never replace a newer copy with an older one (a slow refresh finishing after a faster one).
        current.AddOrUpdate(fts, loaded, (_, existing) => existing.Changes > loaded.Changes ? existing : loaded);
    }
}
