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
public sealed class IngestionJobLifecycle
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ElsewhereRecheckInterval = TimeSpan.FromMilliseconds(250);
    private readonly IIngestionJobStore _store;
    private readonly TimeProvider _time;
    private readonly RunningJobs _running = new();
    private readonly AsyncPulse _queued = new();
    private readonly AsyncPulse _finished = new();

    public IngestionJobLifecycle(IIngestionJobStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
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
        var claimed = await _running.ClaimAsync(() => _store.TryClaimNextAsync(_time.GetUtcNow(), stoppingToken), job => ProgressWriter(job, stoppingToken), stoppingToken).ConfigureAwait(false);
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
    /// Cancels one job: a queued one ends failed (code <c>Cancelled</c>) at once and <paramref name="releaseUnrun"/>
    /// gets it (its original may be unused now); one this process runs is stopped and its runner ends it the same way;
    /// one another replica runs is asked to stop through the store, and this waits until it has. Returns the job as it
    /// ends, unchanged when it had already finished, or null for an unknown id. Once started, it runs to the end
    /// whatever the caller cancels.
    /// </summary>
    public async Task<IngestionJob?> CancelAsync(string jobId, Func<IngestionJob, Task> releaseUnrun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(releaseUnrun);
        var job = await _store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null || job.IsFinished)
        {
            return job;
        }

        var stopping = JobStopReason.Cancelled(jobId);
        var failedQueued = false;
        while (true)
        {
            var elsewhere = false;
            var running = await _running.WhileNoClaimAsync(async () =>
            {
                var marked = _running.MarkStopped(jobId, stopping);
                if (marked is null)
                {
                    // Not running here (queued, or back in the queue after a stop): ends failed before a worker claims it.
                    var current = await _store.GetAsync(jobId, CancellationToken.None).ConfigureAwait(false);
                    if (current is { Status: IngestionJobStatus.Queued })
                    {
                        await _store.FailUnfinishedAsync(jobId, JobStopReason.CancelledCode, $"The job {jobId} was cancelled (DELETE /api/jobs/{jobId}) before it ran.", _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                        failedQueued = true;
                    }
                    else if (current is { Status: IngestionJobStatus.Running })
                    {
                        // Another replica runs it: it stops the job when it sees the request.
                        elsewhere = await _store.RequestStopAsync(jobId, stopping.Code, stopping.Message, CancellationToken.None).ConfigureAwait(false);
                    }
                }

                return marked;
            }).ConfigureAwait(false);
            if (elsewhere)
            {
                await Task.Delay(ElsewhereRecheckInterval, _time, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            if (running is null)
            {
                break;
            }

            await running.StopAsync().ConfigureAwait(false);
            await running.Ended.ConfigureAwait(false);
        }

        _finished.Pulse();
        if (failedQueued)
        {
            // The runner cleans up after a job it stops; a job that never ran only leaves its original.
            await releaseUnrun(job).ConfigureAwait(false);
        }

        return await _store.GetAsync(jobId, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends every job of a document being deleted: its queued jobs end failed (code <c>DocumentDeleted</c>), a job
    /// this process runs is stopped and its runner ends it the same way, a job another replica runs is asked to stop
    /// through the store and waited for. Then <paramref name="removeDocument"/> runs, while any job of the document
    /// claimed meanwhile still starts stopped. Once started, it runs to the end.
    /// </summary>
    public async Task DeleteDocumentJobsAsync(string documentId, Func<DocumentJobsStopped, Task> removeDocument)
    {
        ArgumentNullException.ThrowIfNull(removeDocument);
        _running.BeginDeletion(documentId);
        try
        {
            var stopped = await StopDocumentJobsAsync(documentId).ConfigureAwait(false);
            _finished.Pulse();
            await removeDocument(stopped).ConfigureAwait(false);
        }
        finally
        {
            _running.EndDeletion(documentId);
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
            return written;
        }
        finally
        {
            _finished.Pulse();
        }
    }

    private JobProgressWriter ProgressWriter(IngestionJob job, CancellationToken stoppingToken) =>
        new((done, total, token) => _store.UpdateProgressAsync(job.Id, done, total, _time.GetUtcNow(), token), stoppingToken);

    private async Task<DocumentJobsStopped> StopDocumentJobsAsync(string documentId)
    {
        var cancelled = new List<IngestionJob>();
        var stopped = new List<IngestionJob>();
        var stoppedElsewhere = new List<IngestionJob>();
        while (true)
        {
            // A stopped job may have been put back in the queue (shutdown, retry), even claimed again (it then starts
            // stopped), or failed to record its end: each pass cancels the queue again and fails what is still
            // unfinished, until no job of the document is running.
            var stopping = await _running.WhileNoClaimAsync(async () =>
            {
                // Running ones first: a job no longer registered has recorded its end, so if it went back to the
                // queue the cancel below sees it.
                var marked = _running.MarkForDeletion(documentId);
                var now = _time.GetUtcNow();
                cancelled.AddRange(await _store.CancelQueuedAsync(
                    documentId, JobStopReason.DeletedCode, $"The document '{documentId}' was deleted before this job ran.", now, CancellationToken.None).ConfigureAwait(false));
                foreach (var job in stopped)
                {
                    var reason = JobStopReason.Deleted(documentId);
                    await _store.FailUnfinishedAsync(job.Id, reason.Code, reason.Message, now, CancellationToken.None).ConfigureAwait(false);
                }

                return marked;
            }).ConfigureAwait(false);
            var elsewhere = await StopElsewhereAsync(documentId, stopping).ConfigureAwait(false);
            if (stopping.Count == 0 && elsewhere.Count == 0)
            {
                return new DocumentJobsStopped(cancelled, stopped, stoppedElsewhere);
            }

            // Their replica stops them within a second (or, if it died, whoever takes them over when the lease runs out).
            stoppedElsewhere.AddRange(elsewhere);
            if (stopping.Count == 0)
            {
                await Task.Delay(ElsewhereRecheckInterval, _time, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            foreach (var running in stopping)
            {
                await running.StopAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(stopping.Select(r => r.Ended)).ConfigureAwait(false);
            stopped.AddRange(stopping.Select(r => r.Job));
        }
    }

    /// <summary>
    /// Asks the store to have the document's jobs that run in another process stopped as deleted; returns those still
    /// running there (not among <paramref name="runningHere"/>).
    /// </summary>
    private async Task<List<IngestionJob>> StopElsewhereAsync(string documentId, IReadOnlyList<ClaimedJob> runningHere)
    {
        var elsewhere = new List<IngestionJob>();
        var reason = JobStopReason.Deleted(documentId);
        foreach (var job in await _store.ListUnfinishedAsync(documentId, CancellationToken.None).ConfigureAwait(false))
        {
            if (job.Status == IngestionJobStatus.Running && !runningHere.Any(r => r.Job.Id == job.Id)
                && await _store.RequestStopAsync(job.Id, reason.Code, reason.Message, CancellationToken.None).ConfigureAwait(false))
            {
                elsewhere.Add(job);
            }
        }

        return elsewhere;
    }
}
