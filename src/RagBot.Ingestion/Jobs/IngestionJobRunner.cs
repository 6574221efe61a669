using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Core.Jobs;

namespace RagBot.Ingestion.Jobs;

/// <summary>
/// Runs one claimed job: reads its original, indexes it and records the outcome. Bad content fails the job at
/// once; other errors put it back in the queue until <see cref="IngestionOptions.MaxAttempts"/> is used up; a
/// failed job's partial chunks and unused original are removed. A shutdown puts the job back without counting it;
/// a job claimed past MaxAttempts was interrupted by crashes that many times and ends failed; a job whose document
/// is deleted, or that is cancelled, while it runs is stopped and ends failed (codes <c>DocumentDeleted</c>,
/// <c>Cancelled</c>); a job still running after <see cref="IngestionOptions.JobTimeoutSeconds"/> is stopped and ends
/// failed (code <c>Timeout</c>), without a retry.
/// </summary>
public sealed partial class IngestionJobRunner
{
    private const string TransientCode = "Transient";
    private const string WaitingForReindexCode = "WaitingForReindex";
    private const string InterruptedCode = "Interrupted";
    private const string TimeoutCode = "Timeout";
    private readonly IngestionJobLifecycle _jobs;
    private readonly IOriginalStore _originals;
    private readonly DocumentIngestor _ingestor;
    private readonly IngestionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestionJobRunner> _logger;

    public IngestionJobRunner(
        IngestionJobLifecycle jobs,
        IOriginalStore originals,
        DocumentIngestor ingestor,
        IOptions<IngestionOptions> options,
        TimeProvider time,
        ILogger<IngestionJobRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _jobs = jobs;
        _originals = originals;
        _ingestor = ingestor;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Runs one attempt of the claimed job and records its end through the lifecycle; returns the size in bytes of the
    /// original it read (0 when none).
    /// </summary>
    internal async Task<long> RunAsync(ClaimedJob claimed, CancellationToken stoppingToken)
    {
        long originalBytes = 0;
        var job = claimed.Job;
        // The job's wall-clock budget, less the pauses its embedding made for chats; claimed.Token is also cancelled
        // when the job is stopped for good (deleted, cancelled).
        using var budget = new JobBudget(TimeSpan.FromSeconds(_options.JobTimeoutSeconds), _time);
        budget.MakeCurrent();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(claimed.Token, budget.Token);
        var token = linked.Token;
        if (job.Attempts > _options.MaxAttempts)
        {
            var interrupted = job.Attempts - 1;
            await FailAsync(claimed, InterruptedCode, $"The job was interrupted {interrupted} times (the process stopped while it ran); limit {IngestionOptions.SectionName}:MaxAttempts = {_options.MaxAttempts}.").ConfigureAwait(false);
            return 0;
        }

        try
        {
            var result = await IndexOriginalAsync(job, claimed.Progress, bytes => originalBytes = bytes, token).ConfigureAwait(false);
            if (result.Status == IngestionStatus.Unchanged)
            {
                await _ingestor.DiscardSupersededVersionsAsync(job.DocumentId, token).ConfigureAwait(false);
            }

            await _jobs.CompleteAsync(claimed, result).ConfigureAwait(false);
            LogFinished(job.Id, job.DocumentId, result.Status, result.ChunkCount);
        }
        // Whatever a stopped job threw, it was stopped for good (document deleted, job cancelled): it ends failed, never retried.
        catch (Exception) when (claimed.StopReason is { } stopped)
        {
            await FailAsync(claimed, stopped.Code, stopped.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await _jobs.RequeueAsync(claimed, null, null, countAttempt: false, TimeSpan.Zero).ConfigureAwait(false);
            LogPutBack(job.Id);
        }
        // Whatever a job over its budget threw, it ends failed: running it again would take as long.
        catch (Exception) when (budget.IsExhausted)
        {
            var paused = budget.GivenBack > TimeSpan.Zero ? $" (plus {budget.GivenBack.TotalSeconds:F0} s it paused so chat requests ran first)" : "";
            await FailAsync(claimed, TimeoutCode, $"The job was stopped after {_options.JobTimeoutSeconds} s, its time budget ({IngestionOptions.SectionName}:JobTimeoutSeconds){paused}, and is not retried: split the document or raise the budget, then upload it again.").ConfigureAwait(false);
        }
        catch (IngestionRejectedException ex)
        {
            await FailAsync(claimed, ex.Reason.ToString(), ex.Message).ConfigureAwait(false);
        }
        catch (IndexMismatchException ex)
        {
            // The embedder changed and the index is being (or must be) rebuilt: the job waits for the new index
            // without spending an attempt; the reindex's catch-up pass or this retry indexes the document.
            await _jobs.RequeueAsync(claimed, WaitingForReindexCode, ex.Message, countAttempt: false, TimeSpan.FromSeconds(Math.Max(1, _options.RetryDelaySeconds))).ConfigureAwait(false);
        }
        // Any other failure is retried or recorded on the job; a worker must outlive it.
        catch (Exception ex)
        {
            var reason = Describe(ex);
            if (job.Attempts >= _options.MaxAttempts)
            {
                await FailAsync(claimed, TransientCode, $"Gave up after {job.Attempts} attempts (RagBot:Ingestion:MaxAttempts). Last error: {reason}").ConfigureAwait(false);
            }
            else
            {
                await _jobs.RequeueAsync(claimed, TransientCode, reason, countAttempt: true, TimeSpan.FromSeconds(_options.RetryDelaySeconds * job.Attempts)).ConfigureAwait(false);
                LogRetrying(ex, job.Id, job.Attempts, _options.MaxAttempts);
            }
        }

        return originalBytes;
    }

    /// <summary>Reads the original and indexes it; a method of its own so the original is garbage once it returns.</summary>
    private async Task<IngestionResult> IndexOriginalAsync(IngestionJob job, IProgress<(int Done, int Total)> progress, Action<long> read, CancellationToken token)
    {
        var content = await _originals.ReadAsync(job.Sha256, token).ConfigureAwait(false)
            ?? throw new IngestionRejectedException(RejectionReason.Unreadable, $"The original of '{job.Source}' is missing from the data directory; upload it again.");
        read(content.Length);
        return await _ingestor.IndexAsync(IngestionJobQueue.VersionOf(job), content, progress, token).ConfigureAwait(false);
    }

    private async Task FailAsync(ClaimedJob claimed, string code, string reason)
    {
        var version = IngestionJobQueue.VersionOf(claimed.Job);
        // Clean up first: whoever sees the job failed finds none of its chunks (a crash in between re-runs the job).
        await _ingestor.DiscardVersionAsync(version, claimed.ChunksTotal, CancellationToken.None).ConfigureAwait(false);
        await _jobs.FailAsync(claimed, code, reason).ConfigureAwait(false);
        // The discard above still saw this job's own running row as a user of the original: release it now.
        await _ingestor.ReleaseOriginalAsync(version.Sha256, CancellationToken.None).ConfigureAwait(false);
        LogFailed(claimed.Job.Id, claimed.Job.DocumentId, reason);
    }

    // Known failures explain themselves; anything else is named only by its type (details go to the log).
    private static string Describe(Exception exception) => exception switch
    {
        ProviderUnavailableException or ProviderThrottledException or VectorStoreException or IOException => exception.Message,
        _ => $"An unexpected {exception.GetType().Name} occurred; the server log has the details.",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: document {DocumentId} {Status} ({ChunkCount} chunks)")]
    private partial void LogFinished(string jobId, string documentId, IngestionStatus status, int chunkCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} put back in the queue at shutdown")]
    private partial void LogPutBack(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt} of {MaxAttempts} failed; it will be retried")]
    private partial void LogRetrying(Exception exception, string jobId, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} for document {DocumentId} failed: {Reason}")]
    private partial void LogFailed(string jobId, string documentId, string reason);
}
