namespace RagBot.Core.Jobs;

/// <summary>The durable queue of ingestion jobs.</summary>
public interface IIngestionJobStore
{
    /// <summary>
    /// Queues the job. When <see cref="IngestionJob.OwnerScope"/> is set, refuses (<c>IngestionRejectedException</c>,
    /// nothing written) unless the document and every unfinished job of its id carry that scope, checked atomically
    /// with the insert.
    /// </summary>
    Task CreateAsync(IngestionJob job, CancellationToken cancellationToken);

    Task<IngestionJob?> GetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically moves the oldest runnable queued job to running and counts the attempt. A job is runnable
    /// when its retry time has come and no earlier unfinished job exists for the same document, so two jobs
    /// of one document never run at once and they run in upload order. Returns null when none is runnable.
    /// </summary>
    Task<IngestionJob?> TryClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken);

    Task UpdateProgressAsync(string jobId, int chunksDone, int chunksTotal, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a running job as succeeded or unchanged, with what could not be indexed (<paramref name="warnings"/>, often
    /// empty). False, and nothing written, when the job is not running (or, with leases, no longer this process's).
    /// </summary>
    Task<bool> CompleteAsync(string jobId, IngestionJobStatus status, string outcome, int chunkCount, IReadOnlyList<string> warnings, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends the document's queued (not yet running) jobs as failed with a reason and returns them as they were.</summary>
    Task<IReadOnlyList<IngestionJob>> CancelQueuedAsync(string documentId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The document's jobs that are queued or running, oldest first (a document not yet in the catalog may have some).</summary>
    Task<IReadOnlyList<IngestionJob>> ListUnfinishedAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>Ends a running job as failed with a reason; false, and nothing written, when it is not running (see <see cref="CompleteAsync"/>).</summary>
    Task<bool> FailAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the job failed only while it is still queued, in one conditional update: false when a worker (of any
    /// replica) claimed it since the caller read it, so a cancel never marks failed a job whose run may commit.
    /// </summary>
    Task<bool> FailQueuedAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends the job failed only if it is still queued or running (a finished job keeps its outcome).</summary>
    Task FailUnfinishedAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a running job back in the queue, runnable from <paramref name="notBefore"/>; the error is kept for display.
    /// False, and nothing written, when it is not running (see <see cref="CompleteAsync"/>).
    /// </summary>
    Task<bool> RequeueAsync(string jobId, string? errorCode, string? error, bool countAttempt, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// After a crash: jobs left running go back to the queue (their attempt counted), or end failed when they
    /// already used <paramref name="maxAttempts"/>. Returns how many jobs were recovered.
    /// </summary>
    Task<int> RecoverInterruptedAsync(int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Asks whichever process runs the job to stop it for good with this reason (a replica deleting a document whose
    /// job another replica runs): true when the job is running and the request is recorded, false otherwise. Stores
    /// worked by one process (SQLite: one worker per data directory) have no other process to ask.
    /// </summary>
    Task<bool> RequestStopAsync(string jobId, string errorCode, string error, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>Of <paramref name="runningJobIds"/> (jobs this process runs), those another process asked to stop, with the reason.</summary>
    Task<IReadOnlyList<JobStopRequest>> ListStopRequestsAsync(IReadOnlyCollection<string> runningJobIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JobStopRequest>>([]);
}
