using Microsoft.Extensions.Logging;
using RagBot.Core.Jobs;

namespace RagBot.Ingestion.Jobs;

/// <summary>
/// The one owner of ingestion job state: every change of a job's status is made here (and recorded in the durable
/// <see cref="IIngestionJobStore"/>), and so is the in-process bookkeeping that keeps those changes consistent while
/// workers, cancels and deletions race (the jobs this process runs, the claim gate, the wake-up signals). Transitions:
/// enqueue (→ queued), claim (queued → running), progress, complete (running → succeeded or unchanged), fail
/// (running → failed), requeue (running → queued: retry, shutdown), cancel and deletion (queued → failed, or running
/// → stopped → failed by its runner), recovery after a crash (running → queued). A claimed job ends once: a second
/// end is an <see cref="InvalidOperationException"/>, and an end the store refuses (the job already left running,
/// e.g. a PostgreSQL lease taken over) returns false.
/// </summary>
public sealed partial class IngestionJobLifecycle
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ElsewhereRecheckInterval = TimeSpan.FromMilliseconds(250);
    private readonly IIngestionJobStore _store;
    private readonly TimeProvider _time;
    private readonly RunningJobs _running = new();
    private readonly AsyncPulse _queued = new();
    private readonly AsyncPulse _finished = new();
    private readonly ILogger<IngestionJobLifecycle> _logger;

    public IngestionJobLifecycle(IIngestionJobStore store, TimeProvider time, ILogger<IngestionJobLifecycle> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Records a new queued job (see <see cref="IIngestionJobStore.CreateAsync"/> for the owner check) and wakes a worker.</summary>
    public async Task EnqueueAsync(IngestionJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Status != IngestionJobStatus.Queued)
        {
            throw new ArgumentException($"A new job starts queued, not {job.Status}.", nameof(job));
        }

        await _store.CreateAsync(job, cancellationToken).ConfigureAwait(false);
        _queued.Pulse();
    }

    public Task<IngestionJob?> GetAsync(string jobId, CancellationToken cancellationToken) => _store.GetAsync(jobId, cancellationToken);

    /// <summary>The document's queued or running jobs (a document whose first upload has not finished has only these).</summary>
    public Task<IReadOnlyList<IngestionJob>> ListUnfinishedAsync(string documentId, CancellationToken cancellationToken) =>
        _store.ListUnfinishedAsync(documentId, cancellationToken);

    /// <summary>
    /// Claims the oldest runnable job for this process; when none is runnable, waits up to <paramref name="idleWait"/>
    /// for an upload to this process (jobs queued elsewhere or coming due are seen at the next call) and returns null.
    /// A job of a document being deleted starts stopped.
    /// </summary>
    public async Task<ClaimedJob?> ClaimAsync(TimeSpan idleWait, CancellationToken stoppingToken)
    {
        var queued = _queued.Next; // taken before the claim: an upload between the two is not missed
        // The claim itself is not cancellable: a shutdown arriving while its UPDATE ... RETURNING runs could cancel the
        // read after the row was already marked running (the statement commits when it is disposed), leaving a job
        // nobody puts back, which the next start then recovers as crashed and charges an attempt. Completed, the claim
        // reaches the runner, which sees the stop and puts the job back without spending an attempt.
        var claimed = await _running.ClaimAsync(() => _store.TryClaimNextAsync(_time.GetUtcNow(), CancellationToken.None), job => ProgressWriter(job, stoppingToken), stoppingToken).ConfigureAwait(false);
        if (claimed is null && idleWait > TimeSpan.Zero)
        {
            await Task.WhenAny(queued, Task.Delay(idleWait, _time, stoppingToken)).ConfigureAwait(false);
        }

        return claimed;
    }

    /// <summary>Running → succeeded (created, updated) or unchanged; false when the store no longer had it running.</summary>
    public async Task<bool> CompleteAsync(ClaimedJob job, IngestionResult result)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(result);
        var status = result.Status == IngestionStatus.Unchanged ? IngestionJobStatus.Unchanged : IngestionJobStatus.Succeeded;
        job.EnsureRunning(status);
        await job.FlushProgressAsync().ConfigureAwait(false);
        return await EndAsync(job, status, _store.CompleteAsync(job.Job.Id, status, result.Outcome, result.ChunkCount, result.Warnings, _time.GetUtcNow(), CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>Running → failed for good with a stable code and a message for people; false when the store no longer had it running.</summary>
    public async Task<bool> FailAsync(ClaimedJob job, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.EnsureRunning(IngestionJobStatus.Failed);
        await Task.WhenAny(job.FlushProgressAsync()).ConfigureAwait(false);
        return await EndAsync(job, IngestionJobStatus.Failed, _store.FailAsync(job.Job.Id, code, message, _time.GetUtcNow(), CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>
    /// Running → queued, runnable after <paramref name="delay"/>: a retry (<paramref name="countAttempt"/>), or a job put
    /// back without spending an attempt (shutdown, waiting for a reindex). The code and message stay for display.
    /// </summary>
    public async Task<bool> RequeueAsync(ClaimedJob job, string? code, string? message, bool countAttempt, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.EnsureRunning(IngestionJobStatus.Queued);
        await Task.WhenAny(job.FlushProgressAsync()).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        return await EndAsync(job, IngestionJobStatus.Queued, _store.RequeueAsync(job.Job.Id, code, message, countAttempt, now + delay, now, CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>
    /// After a crash: every job left running goes back to the queue, even one past MaxAttempts: its runner then fails
    /// it and removes the chunks it wrote before the crash, which a failure recorded here in SQL would leave behind.
    /// On PostgreSQL only jobs whose lease ran out are taken. Returns how many.
    /// </summary>
    public Task<int> RecoverInterruptedAsync(CancellationToken cancellationToken) =>
        _store.RecoverInterruptedAsync(int.MaxValue, _time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Stops the jobs this process runs that another process asked to stop (a replica deleting their document or
    /// cancelling them); stores worked by one process never have such requests.
    /// </summary>
    public async Task ApplyStopRequestsAsync(CancellationToken cancellationToken)
    {
        var running = _running.JobIds();
        foreach (var request in running.Count == 0 ? [] : await _store.ListStopRequestsAsync(running, cancellationToken).ConfigureAwait(false))
        {
            if (_running.MarkStopped(request.JobId, new JobStopReason(request.ErrorCode, request.Error)) is { } stopped)
            {
                await stopped.StopAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits until the job has ended or <paramref name="timeout"/> has passed, and returns its latest state (null for
    /// an unknown id). Jobs ended in this process wake the wait at once; those ended by another within a second.
    /// </summary>
    public async Task<IngestionJob?> WaitUntilFinishedAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            var finished = _finished.Next;
            var job = await _store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
            var remaining = deadline - _time.GetUtcNow();
            if (job is null || job.IsFinished || remaining <= TimeSpan.Zero)
            {
                return job;
            }

            await Task.WhenAny(finished, Task.Delay(remaining < RecheckInterval ? remaining : RecheckInterval, _time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<bool> EndAsync(ClaimedJob job, IngestionJobStatus status, Task<bool> write)
    {
        try
        {
            var written = await write.ConfigureAwait(false);
            job.RecordEnd(status);
            if (!written)
            {
                LogEndRefused(job.Job.Id, status);
            }

            return written;
        }
        finally
        {
            _finished.Pulse();
        }
    }

    private JobProgressWriter ProgressWriter(IngestionJob job, CancellationToken stoppingToken) =>
        new((done, total, token) => _store.UpdateProgressAsync(job.Id, done, total, _time.GetUtcNow(), token), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} had already left running when this process tried to record it {Status} (another process ended it or took it over): its recorded end stands")]
    private partial void LogEndRefused(string jobId, IngestionJobStatus status);
}
