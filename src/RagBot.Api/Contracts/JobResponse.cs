using RagBot.Core.Jobs;

namespace RagBot.Api.Contracts;

/// <summary>An ingestion job as the API shows it; <see cref="Warnings"/> names what was not indexed (e.g. scanned pages).</summary>
public sealed record JobResponse(
    string JobId,
    string DocumentId,
    IngestionJobStatus Status,
    string? Outcome,
    JobProgress Progress,
    int Attempts,
    string? Error,
    IReadOnlyList<string> Warnings,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static JobResponse From(IngestionJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.Id, job.DocumentId, job.Status, job.Outcome, new JobProgress(job.ChunksDone, job.ChunksTotal), job.Attempts, job.Error, job.Warnings, job.CreatedAt, job.UpdatedAt);
    }
}
