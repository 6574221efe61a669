using RagBot.Core.Jobs;

namespace RagBot.Ingestion.Jobs;

/// <summary>
/// The jobs this process is running, so deleting a document can stop its job instead of letting it bring the
/// document back. A worker claims and registers a job under the same lock that a deletion holds while it cancels
/// the document's queued jobs and stops its running ones: every job of the document is either still queued (and
/// cancelled in the job store) or registered here (and stopped).
/// </summary>
internal sealed class RunningJobs : IDisposable
{
    private readonly SemaphoreSlim _claimGate = new(1, 1);
    private readonly List<RunningJob> _running = [];

    /// <summary>Claims the next job with <paramref name="claim"/> and registers it; null when none is due.</summary>
    public async Task<RunningJob?> ClaimAsync(Func<Task<IngestionJob?>> claim, CancellationToken stoppingToken)
    {
        await _claimGate.WaitAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            var job = await claim().ConfigureAwait(false);
            if (job is null)
            {
                return null;
            }

            var running = new RunningJob(job, Remove, stoppingToken);
            lock (_running)
            {
                _running.Add(running);
            }

            return running;
        }
        finally
        {
            _claimGate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="cancelQueued"/> while no job can be claimed, stops the document's running jobs, and
    /// waits until they have recorded how they ended. Returns what <paramref name="cancelQueued"/> returned and the
    /// jobs that were stopped.
    /// </summary>
    public async Task<(T Cancelled, IReadOnlyList<IngestionJob> Stopped)> StopDocumentAsync<T>(string documentId, Func<Task<T>> cancelQueued)
    {
        List<RunningJob> stopping;
        T cancelled;
        await _claimGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            cancelled = await cancelQueued().ConfigureAwait(false);
            lock (_running)
            {
                stopping = _running.Where(r => r.Job.DocumentId == documentId).ToList();
            }

            foreach (var running in stopping)
            {
                running.StopForDeletion();
            }
        }
        finally
        {
            _claimGate.Release();
        }

        await Task.WhenAll(stopping.Select(r => r.Ended)).ConfigureAwait(false);
        return (cancelled, [.. stopping.Select(r => r.Job)]);
    }

    public void Dispose() => _claimGate.Dispose();

    private void Remove(RunningJob running)
    {
        lock (_running)
        {
            _running.Remove(running);
        }
    }
}

/// <summary>A claimed job while it runs; disposing it (once the outcome is recorded) ends it.</summary>
internal sealed class RunningJob : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<RunningJob> _unregister;
    private readonly Lock _lock = new();
    private bool _disposed;
    private volatile bool _stoppedForDeletion;

    public RunningJob(IngestionJob job, Action<RunningJob> unregister, CancellationToken stoppingToken)
    {
        Job = job;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _unregister = unregister;
    }

    public IngestionJob Job { get; }

    /// <summary>Cancelled when the host stops or the job's document is deleted.</summary>
    public CancellationToken Token => _stop.Token;

    public bool StoppedForDeletion => _stoppedForDeletion;

    public Task Ended => _ended.Task;

    public void StopForDeletion()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _stoppedForDeletion = true;
            _stop.Cancel();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _unregister(this);
        _stop.Dispose();
        _ended.TrySetResult();
    }
}
