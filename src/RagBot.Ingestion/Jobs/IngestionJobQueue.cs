using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Core.Jobs;

namespace RagBot.Ingestion.Jobs;

/// <summary>
/// The front of the durable ingestion queue for the API and the CLI: stores an upload's original and queues its job,
/// cancels a job or deletes a document together with its jobs, and cleans up what they leave (originals, chunks). Job
/// state itself changes only through the <see cref="IngestionJobLifecycle"/>.
/// </summary>
public sealed class IngestionJobQueue
{
    private readonly IngestionJobLifecycle _jobs;
    private readonly IOriginalStore _originals;
    private readonly DocumentIngestor _ingestor;
    private readonly TimeProvider _time;

    public IngestionJobQueue(IngestionJobLifecycle jobs, IOriginalStore originals, DocumentIngestor ingestor, TimeProvider time)
    {
        _jobs = jobs;
        _originals = originals;
        _ingestor = ingestor;
        _time = time;
    }

    /// <summary>
    /// Deletes a document with every job that could bring it back (see <see cref="IngestionJobLifecycle.DeleteDocumentJobsAsync"/>),
    /// then the document, its chunks and unused originals. Throws <see cref="DocumentNotFoundException"/> when there
    /// was neither the document nor a job of it. Once started, it runs to the end whatever the caller cancels.
    /// </summary>
    public Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _jobs.DeleteDocumentJobsAsync(documentId, async stopped =>
        {
            try
            {
                await _ingestor.DeleteAsync(documentId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DocumentNotFoundException) when (stopped.Cancelled.Count > 0 || stopped.Stopped.Count > 0)
            {
                // Its first upload was still queued or running: stopping that was the whole deletion.
            }

            // No job of the document is queued or running now: their originals are unused unless shared.
            foreach (var job in stopped.All)
            {
                await _ingestor.DiscardVersionAsync(VersionOf(job), chunkCount: 0, CancellationToken.None).ConfigureAwait(false);
            }
        });
    }

    /// <summary>
    /// Cancels one job (see <see cref="IngestionJobLifecycle.CancelAsync"/>); a job that never ran leaves only its
    /// original, removed here unless something else uses it. Returns the job as it ends, or null for an unknown id.
    /// </summary>
    public Task<IngestionJob?> CancelJobAsync(string jobId, CancellationToken cancellationToken) =>
        _jobs.CancelAsync(jobId, job => _ingestor.DiscardVersionAsync(VersionOf(job), chunkCount: 0, CancellationToken.None), cancellationToken);

    /// <summary>The document's queued or running jobs (a document whose first upload has not finished has only these).</summary>
    public Task<IReadOnlyList<IngestionJob>> ListUnfinishedAsync(string documentId, CancellationToken cancellationToken) =>
        _jobs.ListUnfinishedAsync(documentId, cancellationToken);

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

        // Held until the job row names the original: a deletion of another document with the same bytes in between
        // would otherwise remove the file this acknowledged upload needs (see DocumentIngestor.Originals).
        await _ingestor.HoldAsync([version.Sha256]).ConfigureAwait(false);
        try
        {
            await _originals.SaveAsync(version.Sha256, content, cancellationToken).ConfigureAwait(false);
            await _jobs.EnqueueAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Refused, cancelled (the client left) or a failing database: nothing names the original, so it goes
            // unless another document or job uses the same bytes.
            _ingestor.Release([version.Sha256]);
            await _ingestor.ReleaseOriginalAsync(version.Sha256, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        _ingestor.Release([version.Sha256]);
        return job;
    }

    public Task<IngestionJob?> GetAsync(string jobId, CancellationToken cancellationToken) => _jobs.GetAsync(jobId, cancellationToken);

    /// <summary>Waits until the job has ended or <paramref name="timeout"/> has passed; see <see cref="IngestionJobLifecycle.WaitUntilFinishedAsync"/>.</summary>
    public Task<IngestionJob?> WaitUntilFinishedAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken) =>
        _jobs.WaitUntilFinishedAsync(jobId, timeout, cancellationToken);

    /// <summary>The document version a job indexes.</summary>
    internal static DocumentVersion VersionOf(IngestionJob job) => new(job.DocumentId, job.Sha256, job.Source, job.ContentType, job.Tags);
}
