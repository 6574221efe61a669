using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Core.Jobs;

namespace RagBot.Ingestion.Jobs;

/// <summary>
/// The front of the durable ingestion queue: stores an upload's original, records its job and wakes the
/// workers; lets a caller wait for a job to end; deletes a document together with its jobs.
/// </summary>
public sealed class IngestionJobQueue
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ElsewhereRecheckInterval = TimeSpan.FromMilliseconds(250);
    private readonly IIngestionJobStore _store;
    private readonly IOriginalStore _originals;
    private readonly DocumentIngestor _ingestor;
    private readonly TimeProvider _time;

    public IngestionJobQueue(IIngestionJobStore store, IOriginalStore originals, DocumentIngestor ingestor, TimeProvider time)
    {
        _store = store;
        _originals = originals;
        _ingestor = ingestor;
        _time = time;
    }

    internal AsyncPulse Enqueued { get; } = new();

    internal AsyncPulse Finished { get; } = new();

    internal RunningJobs Running { get; } = new();


    /// <summary>
    /// Deletes a document with every job that could bring it back: its queued jobs end failed (code
    /// <c>DocumentDeleted</c>), a job of it running in this process is stopped and ends the same way (its chunks
    /// removed), then the document, its chunks and unused originals go. Throws <see cref="DocumentNotFoundException"/>
    /// when there was neither the document nor a job of it. Once started, it runs to the end whatever the caller
    /// cancels. A job another replica runs (PostgreSQL app state) is asked to stop through the database, and the
    /// deletion waits for it to end; a SQLite job store has no other process to ask.
    /// </summary>
    public async Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Running.BeginDeletion(documentId);
        try
        {
            await DeleteWithJobsAsync(documentId).ConfigureAwait(false);
        }
        finally
        {
            Running.EndDeletion(documentId);
        }
    }

    private async Task DeleteWithJobsAsync(string documentId)
    {
        var cancelled = new List<IngestionJob>();
        var stopped = new List<IngestionJob>();
        var stoppedElsewhere = new List<IngestionJob>();
        while (true)
        {
            // A stopped job may have been put back in the queue (shutdown, retry), even claimed again (it then starts
            // stopped), or failed to record its end: each pass cancels the queue again and fails what is still
            // unfinished, until no job of the document is running.
            var stopping = await Running.WhileNoClaimAsync(async () =>
            {
                // Running ones first: a job no longer registered has recorded its end, so if it went back to the
                // queue the cancel below sees it.
                var marked = Running.MarkForDeletion(documentId);
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
                break;
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

        try
        {
            await _ingestor.DeleteAsync(documentId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DocumentNotFoundException) when (cancelled.Count > 0 || stopped.Count > 0)
        {
            // Its first upload was still queued or running: stopping that was the whole deletion.
        }

        // No job of the document is queued or running now: their originals are unused unless shared.
        foreach (var job in cancelled.Concat(stopped).Concat(stoppedElsewhere).DistinctBy(j => j.Id))
        {
            await _ingestor.DiscardVersionAsync(new DocumentVersion(job.DocumentId, job.Sha256, job.Source, job.ContentType, job.Tags), chunkCount: 0, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Asks the store to have the document's jobs that run in another process stopped as deleted; returns those still
    /// running there (not among <paramref name="runningHere"/>).
    /// </summary>
    private async Task<List<IngestionJob>> StopElsewhereAsync(string documentId, IReadOnlyList<RunningJob> runningHere)
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

    /// <summary>
    /// Cancels one job: a queued one ends failed (code <c>Cancelled</c>) at once, one this process runs is stopped and
    /// ends the same way (its chunks and unused original removed). Returns the job as it ends, unchanged when it had
    /// already finished, or null for an unknown id. Like a deletion, it repeats until the job is neither queued nor
    /// running here, and once started runs to the end whatever the caller cancels.
    /// </summary>
    public async Task<IngestionJob?> CancelJobAsync(string jobId, CancellationToken cancellationToken)
    {
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
            var running = await Running.WhileNoClaimAsync(async () =>
            {
                var marked = Running.MarkStopped(jobId, stopping);
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

        if (failedQueued)
        {
            // The runner cleans up after a job it stops; a job that never ran only leaves its original.
            await _ingestor.DiscardVersionAsync(new DocumentVersion(job.DocumentId, job.Sha256, job.Source, job.ContentType, job.Tags), chunkCount: 0, CancellationToken.None).ConfigureAwait(false);
        }

        Finished.Pulse();
        return await _store.GetAsync(jobId, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The document's queued or running jobs (a document whose first upload has not finished has only these).</summary>
    public Task<IReadOnlyList<IngestionJob>> ListUnfinishedAsync(string documentId, CancellationToken cancellationToken) =>
        _store.ListUnfinishedAsync(documentId, cancellationToken);

    /// <summary>Keeps the original and queues a job to index <paramref name="version"/>; returns the queued job.</summary>
    public Task<IngestionJob> EnqueueAsync(DocumentVersion version, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        EnqueueAsync(version, content, ownerScope: null, cancellationToken);

    /// <summary>
    /// Like <see cref="EnqueueAsync(DocumentVersion, ReadOnlyMemory{byte}, CancellationToken)"/> for a scoped key: the
    /// document id is claimed for <paramref name="ownerScope"/> atomically with writing the job, and an id held by
    /// another scope (a document or an unfinished job) is refused with nothing kept.
    /// </summary>
    public async Task<IngestionJob> EnqueueAsync(DocumentVersion version, ReadOnlyMemory<byte> content, string? ownerScope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        await _originals.SaveAsync(version.Sha256, content, cancellationToken).ConfigureAwait(false);
        var job = new IngestionJob
        {
            Id = Guid.CreateVersion7().ToString("N"),
            DocumentId = version.DocumentId,
            Sha256 = version.Sha256,
            Source = version.Source,
            ContentType = version.ContentType,
            Tags = version.Tags,
            OwnerScope = ownerScope,
            Status = IngestionJobStatus.Queued,
            CreatedAt = _time.GetUtcNow(),
            UpdatedAt = _time.GetUtcNow(),
        };
        try
        {
            await _store.CreateAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (IngestionRejectedException)
        {
            await _ingestor.ReleaseOriginalAsync(version.Sha256, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        Enqueued.Pulse();
        return job;
    }

    public Task<IngestionJob?> GetAsync(string jobId, CancellationToken cancellationToken) => _store.GetAsync(jobId, cancellationToken);

    /// <summary>
    /// Waits until the job has ended or <paramref name="timeout"/> has passed, and returns its latest state
    /// (null for an unknown id). Jobs finished by another process are noticed within a second.
    /// </summary>
    public async Task<IngestionJob?> WaitUntilFinishedAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            var finished = Finished.Next;
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
}
