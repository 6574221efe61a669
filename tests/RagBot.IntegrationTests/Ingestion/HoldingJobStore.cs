using RagBot.Core.Jobs;

namespace RagBot.IntegrationTests.Ingestion;

/// <summary>
/// The real job store, except that once <see cref="HoldNextRequeue"/> is called the next requeue waits until some
/// caller cancels queued jobs: a runner putting its job back exactly while a deletion runs.
/// </summary>
internal sealed class HoldingJobStore(IIngestionJobStore inner) : IIngestionJobStore
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _reached;
    private TaskCompletionSource? _release;

    /// <summary>Arms the hold; the returned task completes when a requeue is waiting.</summary>
    public Task HoldNextRequeue()
    {
        lock (_lock)
        {
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _reached.Task;
        }
    }

    public async Task<bool> RequeueAsync(string jobId, string? errorCode, string? error, bool countAttempt, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TaskCompletionSource? release;
        lock (_lock)
        {
            release = _release;
            _reached?.TrySetResult();
            _reached = null;
        }

        if (release is not null)
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        return await inner.RequeueAsync(jobId, errorCode, error, countAttempt, notBefore, now, cancellationToken);
    }

    public async Task<IReadOnlyList<IngestionJob>> CancelQueuedAsync(string documentId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cancelled = await inner.CancelQueuedAsync(documentId, errorCode, error, now, cancellationToken);
        lock (_lock)
        {
            _release?.TrySetResult();
            _release = null;
        }

        return cancelled;
    }

    public Task<IReadOnlyList<IngestionJob>> ListUnfinishedAsync(string documentId, CancellationToken cancellationToken) => inner.ListUnfinishedAsync(documentId, cancellationToken);

    private int _failNextCreate;

    /// <summary>The next job creation fails as a broken database would, after the upload's original was stored.</summary>
    public void FailNextCreate() => Interlocked.Exchange(ref _failNextCreate, 1);

    public Task CreateAsync(IngestionJob job, CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _failNextCreate, 0) == 1
            ? throw new IOException("Simulated app-state failure while queueing the job.")
            : inner.CreateAsync(job, cancellationToken);

    public Task<IngestionJob?> GetAsync(string jobId, CancellationToken cancellationToken) => inner.GetAsync(jobId, cancellationToken);

    public Task<IngestionJob?> TryClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.TryClaimNextAsync(now, cancellationToken);

    public Task UpdateProgressAsync(string jobId, int chunksDone, int chunksTotal, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.UpdateProgressAsync(jobId, chunksDone, chunksTotal, now, cancellationToken);

    public Task<bool> CompleteAsync(string jobId, IngestionJobStatus status, string outcome, int chunkCount, IReadOnlyList<string> warnings, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.CompleteAsync(jobId, status, outcome, chunkCount, warnings, now, cancellationToken);

    public Task<bool> FailAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.FailAsync(jobId, errorCode, error, now, cancellationToken);

    public Task<bool> FailQueuedAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.FailQueuedAsync(jobId, errorCode, error, now, cancellationToken);

    public Task FailUnfinishedAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.FailUnfinishedAsync(jobId, errorCode, error, now, cancellationToken);

    public Task<int> RecoverInterruptedAsync(int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.RecoverInterruptedAsync(maxAttempts, now, cancellationToken);

    public Task<bool> RequestStopAsync(string jobId, string errorCode, string error, CancellationToken cancellationToken) =>
        inner.RequestStopAsync(jobId, errorCode, error, cancellationToken);

    public Task<IReadOnlyList<JobStopRequest>> ListStopRequestsAsync(IReadOnlyCollection<string> runningJobIds, CancellationToken cancellationToken) =>
        inner.ListStopRequestsAsync(runningJobIds, cancellationToken);
}
