using RagBot.Core.Jobs;

namespace RagBot.Ingestion.Jobs;

/// <summary>
/// A job this process claimed through <see cref="IngestionJobLifecycle.ClaimAsync"/>, while it runs: the worker's
/// handle for reporting progress, noticing a stop and recording the end (through the lifecycle, once). Disposing it,
/// after the end is recorded, unregisters it: a deletion or cancel waiting for it goes on.
/// </summary>
public sealed class ClaimedJob : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<ClaimedJob> _unregister;
    private readonly JobProgressWriter _progress;
    private readonly Lock _lock = new();
    private bool _disposed;
    private volatile JobStopReason? _stopReason;
    private IngestionJobStatus? _recorded;

    internal ClaimedJob(IngestionJob job, JobProgressWriter progress, Action<ClaimedJob> unregister, CancellationToken stoppingToken)
    {
        Job = job;
        _progress = progress;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _unregister = unregister;
    }

    /// <summary>The job as claimed (status running, this attempt counted).</summary>
    public IngestionJob Job { get; }

    /// <summary>Cancelled when the host stops, or the job is stopped for a <see cref="StopReason"/>.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Why the job was stopped for good (its document deleted, the job cancelled); null while it may run or be retried.</summary>
    public JobStopReason? StopReason => _stopReason;

    /// <summary>Where the indexer reports (chunks done, total); written to the job in the background, latest figures first.</summary>
    public IProgress<(int Done, int Total)> Progress => _progress;

    /// <summary>How many chunks this version has as far as anyone recorded (for removing them after a failure).</summary>
    public int ChunksTotal => Math.Max(Job.ChunksTotal, _progress.Total);

    /// <summary>
    /// The status this process ended the job with, null while it runs. Set even when the store refused the change
    /// (the row had already left running, e.g. a lease lost to another replica): the claim is over either way.
    /// </summary>
    public IngestionJobStatus? EndedAs
    {
        get
        {
            lock (_lock)
            {
                return _recorded;
            }
        }
    }

    internal Task Ended => _ended.Task;

    internal Task FlushProgressAsync() => _progress.FlushAsync();

    /// <summary>Throws unless the job may still leave running: one end per claim.</summary>
    internal void EnsureRunning(IngestionJobStatus next)
    {
        lock (_lock)
        {
            if (_recorded is { } recorded)
            {
                throw new InvalidOperationException($"Job {Job.Id} already left running ({recorded.ToString().ToLowerInvariant()}); it cannot also become {next.ToString().ToLowerInvariant()}.");
            }
        }
    }

    internal void RecordEnd(IngestionJobStatus status)
    {
        lock (_lock)
        {
            _recorded = status;
        }
    }

    /// <summary>Flags the job as stopped for good (the first reason stays); false when it has already ended.</summary>
    internal bool MarkStopped(JobStopReason reason)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _stopReason ??= reason;
            }

            return !_disposed;
        }
    }

    /// <summary>Cancels the job's work (outside any lock: cancellation callbacks run on this thread).</summary>
    internal async Task StopAsync()
    {
        try
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // It ended meanwhile.
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
