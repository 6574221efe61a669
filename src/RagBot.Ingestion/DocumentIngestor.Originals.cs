using System.Diagnostics.CodeAnalysis;

namespace RagBot.Ingestion;

/// <summary>
/// Originals are stored once per SHA-256 and shared by every document (and tenant) with the same bytes, so deleting
/// one must not remove bytes another upload is about to use. An upload holds its SHA-256 from before it stores the
/// original until its job row or catalog record names it; a deletion checks for holds and users and deletes under
/// one gate, so it either finishes before a hold is taken (the upload then writes the file again) or sees the hold.
/// Without the gate, an upload whose bytes already existed could be acknowledged after another tenant's deletion had
/// checked "unused" and before it removed the file: the acknowledged job then failed for a missing original.
/// Within one process; processes sharing a data directory are not coordinated here.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "The gate's SemaphoreSlim never creates a wait handle (only WaitAsync and Release are used), so it holds nothing to dispose.")]
public sealed partial class DocumentIngestor
{
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _originalsGate = new(1, 1);

    /// <summary>Marks versions as being ingested or queued: no deletion in this process removes their originals until released.</summary>
    internal async Task HoldAsync(IEnumerable<string> shas)
    {
        await _originalsGate.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_inFlight)
            {
                foreach (var sha in shas)
                {
                    _inFlight[sha] = _inFlight.GetValueOrDefault(sha) + 1;
                }
            }
        }
        finally
        {
            _originalsGate.Release();
        }
    }

    internal void Release(IEnumerable<string> shas)
    {
        lock (_inFlight)
        {
            foreach (var sha in shas)
            {
                if (--_inFlight[sha] == 0)
                {
                    _inFlight.Remove(sha);
                }
            }
        }
    }

    /// <summary>Deletes the original of <paramref name="sha256"/> unless a document, an unfinished job or an ingest in progress uses it.</summary>
    public Task ReleaseOriginalAsync(string sha256, CancellationToken cancellationToken) => DeleteOriginalIfUnusedAsync(sha256, cancellationToken);

    private async Task DeleteOriginalIfUnusedAsync(string sha256, CancellationToken cancellationToken)
    {
        await _originalsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool held;
            lock (_inFlight)
            {
                held = _inFlight.ContainsKey(sha256);
            }

            if (!held && !await _catalog.IsVersionInUseAsync(sha256, cancellationToken).ConfigureAwait(false))
            {
                await _originals.DeleteAsync(sha256, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _originalsGate.Release();
        }
    }
}
