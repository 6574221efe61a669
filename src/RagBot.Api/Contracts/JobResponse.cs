using RagBot.Core.Jobs;

namespace RagBot.Api.Contracts;

/// <summary>An ingestion job as the API shows it.</summary>
public sealed record JobResponse(
    string JobId,
    string DocumentId,
    IngestionJobStatus Status,
    string? Outcome,
    JobProgress Progress,
    int Attempts,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static JobResponse From(IngestionJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.Id, job.DocumentId, job.Status, job.Outcome, new JobProgress(job.ChunksDone, job.ChunksTotal), job.Attempts, job.Error, job.CreatedAt, job.UpdatedAt);
    }
}
