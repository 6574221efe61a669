using RagBot.Core.Jobs;

namespace RagBot.Ingestion.Jobs;

// Stopping jobs for good: a cancel, and a document's deletion (the transitions are listed in IngestionJobLifecycle.cs).
public sealed partial class IngestionJobLifecycle
{
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
                        failedQueued = await _store.FailQueuedAsync(jobId, JobStopReason.CancelledCode, $"The job {jobId} was cancelled (DELETE /api/jobs/{jobId}) before it ran.", _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);

                        // False: another replica claimed it after the read above; the next pass asks that replica to stop it.
                        elsewhere = !failedQueued;
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
