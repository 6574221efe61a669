using RagBot.Core.Jobs;

namespace RagBot.Ingestion.Jobs;

/// <summary>
/// The jobs this process is running, private to <see cref="IngestionJobLifecycle"/>, so deleting a document can stop
/// its job instead of letting it bring the document back. A claim registers its job under the same gate that a
/// deletion holds while it marks the document's running jobs and then cancels its queued ones: every job of the
/// document is either registered here (and stopped) or has recorded its end, which may have put it back in the
/// queue (and cancelled there).
/// </summary>
#pragma warning disable CA1001 // The gate's wait handle is never created; disposing it at shutdown could only fail a worker still claiming.
internal sealed class RunningJobs
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim _claimGate = new(1, 1);
    private readonly List<ClaimedJob> _running = [];
    private readonly Dictionary<string, int> _deleting = new(StringComparer.Ordinal);

    /// <summary>Claims the next job with <paramref name="claim"/> and registers it; null when none is due.</summary>
    public async Task<ClaimedJob?> ClaimAsync(Func<Task<IngestionJob?>> claim, Func<IngestionJob, JobProgressWriter> progressOf, CancellationToken stoppingToken)
    {
        await _claimGate.WaitAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            var job = await claim().ConfigureAwait(false);
            if (job is null)
            {
                return null;
            }

            var running = new ClaimedJob(job, progressOf(job), Remove, stoppingToken);
            lock (_running)
            {
                _running.Add(running);
                if (_deleting.ContainsKey(job.DocumentId))
                {
                    running.MarkStopped(JobStopReason.Deleted(job.DocumentId)); // e.g. a stopped job that went back to the queue and came due again
                }
            }

            if (running.StopReason is not null)
            {
                await running.StopAsync().ConfigureAwait(false);
            }

            return running;
        }
        finally
        {
            _claimGate.Release();
        }
    }

    /// <summary>From now until <see cref="EndDeletion"/>, a claimed job of the document starts stopped.</summary>
    public void BeginDeletion(string documentId)
    {
        lock (_running)
        {
            _deleting[documentId] = _deleting.GetValueOrDefault(documentId) + 1;
        }
    }

    public void EndDeletion(string documentId)
    {
        lock (_running)
        {
            if (--_deleting[documentId] == 0)
            {
                _deleting.Remove(documentId);
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> while no job can be claimed.</summary>
    public async Task<T> WhileNoClaimAsync<T>(Func<Task<T>> action)
    {
        await _claimGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            _claimGate.Release();
        }
    }

    /// <summary>Marks the document's running jobs as stopped for its deletion and returns them (stop them next).</summary>
    public IReadOnlyList<ClaimedJob> MarkForDeletion(string documentId)
    {
        lock (_running)
        {
            return [.. _running.Where(r => r.Job.DocumentId == documentId && r.MarkStopped(JobStopReason.Deleted(documentId)))];
        }
    }

    /// <summary>Marks the job, when this process runs it, as stopped for <paramref name="reason"/> and returns it (stop it next).</summary>
    public ClaimedJob? MarkStopped(string jobId, JobStopReason reason)
    {
        lock (_running)
        {
            return _running.Find(r => r.Job.Id == jobId && r.MarkStopped(reason));
        }
    }

    /// <summary>The ids of the jobs this process runs now.</summary>
    public IReadOnlyList<string> JobIds()
    {
        lock (_running)
        {
            return [.. _running.Select(r => r.Job.Id)];
        }
    }

    private void Remove(ClaimedJob running)
    {
        lock (_running)
        {
            _running.Remove(running);
        }
    }
}
