using System.Linq.Expressions;
using RagBot.Core.Chunks;
using RagBot.Core.Indexing;

namespace RagBot.Retrieval;

/// <summary>
/// The records of one deferred search (<see cref="IDeferredRecordSearch{TKey, TRecord}"/>), read on demand and each at
/// most once, always with the search's filter (a record re-tagged since the ranking is not returned). A key whose
/// record is gone or no longer passes is remembered as such, so the caller skips it and takes the next candidate.
/// </summary>
internal sealed class DeferredRecords
{
    private readonly IDeferredRecordSearch<Guid, DocumentChunk> _store;
    private readonly Expression<Func<DocumentChunk, bool>>? _filter;
    private readonly Dictionary<Guid, DocumentChunk?> _read = [];

    public DeferredRecords(IDeferredRecordSearch<Guid, DocumentChunk> store, Expression<Func<DocumentChunk, bool>>? filter, int prefetch = 0)
    {
        _store = store;
        _filter = filter;
        Prefetch = prefetch;
    }

    /// <summary>
    /// How many of the keyword leg's best hits to read while the vector leg still scans (hybrid search): about what
    /// the retriever's first batch needs, so the read after the fusion is mostly done by then.
    /// </summary>
    public int Prefetch { get; }

    public IDeferredRecordSearch<Guid, DocumentChunk> Store => _store;

    /// <summary>Records read so far, found or not (diagnostics: how much of the candidate list was read).</summary>
    public int ReadCount => _read.Count;

    /// <summary>Reads the records of <paramref name="keys"/> not read yet, in one statement.</summary>
    public async Task ReadAsync(IEnumerable<Guid> keys, CancellationToken cancellationToken)
    {
        var missing = keys.Where(key => !_read.ContainsKey(key)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        foreach (var record in await _store.GetPassingAsync(missing, _filter, includeVectors: false, cancellationToken).ConfigureAwait(false))
        {
            _read[record.Id] = record;
        }

        foreach (var key in missing)
        {
            _read.TryAdd(key, null);
        }
    }

    /// <summary>The record read for <paramref name="key"/>; null when it is gone or no longer passes the filter.</summary>
    public DocumentChunk? Find(Guid key) => _read.GetValueOrDefault(key);

    /// <summary>The records of the first <paramref name="count"/> keys of <paramref name="ranked"/> whose records exist, in rank order.</summary>
    public async Task<List<DocumentChunk>> FirstAsync(IReadOnlyList<Guid> ranked, int count, CancellationToken cancellationToken)
    {
        var found = new List<DocumentChunk>(count);
        var next = 0;
        while (found.Count < count && next < ranked.Count)
        {
            // Only as many as are still missing: deleted records are rare, so one statement nearly always does.
            var batch = ranked.Skip(next).Take(count - found.Count).ToList();
            next += batch.Count;
            await ReadAsync(batch, cancellationToken).ConfigureAwait(false);
            found.AddRange(batch.Select(Find).OfType<DocumentChunk>());
        }

        return found;
    }
}
