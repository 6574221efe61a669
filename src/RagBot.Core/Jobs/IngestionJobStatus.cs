namespace RagBot.Core.Jobs;

/// <summary>Where an ingestion job stands.</summary>
public enum IngestionJobStatus
{
    /// <summary>Waiting for a worker (also after a restart or a transient failure).</summary>
    Queued,

    /// <summary>A worker is parsing, chunking and embedding it.</summary>
    Running,

    /// <summary>The document was indexed (created or updated).</summary>
    Succeeded,

    /// <summary>The job gave up; <see cref="IngestionJob.Error"/> says why and nothing of its version is visible.</summary>
    Failed,

    /// <summary>The same bytes and tags were already indexed; nothing was done.</summary>
    Unchanged,
}
