namespace RagBot.Ingestion.Jobs;

/// <summary>Why a job was stopped for good: it ends failed with this code and message, and is never retried.</summary>
public sealed record JobStopReason(string Code, string Message)
{
    public const string DeletedCode = "DocumentDeleted";
    public const string CancelledCode = "Cancelled";

    public static JobStopReason Deleted(string documentId) => new(DeletedCode, $"The document '{documentId}' was deleted while this job ran.");

    public static JobStopReason Cancelled(string jobId) => new(CancelledCode, $"The job {jobId} was cancelled (DELETE /api/jobs/{jobId}) while it ran.");
}
