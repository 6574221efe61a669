namespace RagBot.Core.Jobs;

/// <summary>
/// A durable request to index one document version, kept in the app-state database until it ends
/// (<see cref="IngestionJobStatus.Succeeded"/>, <see cref="IngestionJobStatus.Failed"/> or <see cref="IngestionJobStatus.Unchanged"/>).
/// </summary>
public sealed record IngestionJob
{
    public required string Id { get; init; }

    public required string DocumentId { get; init; }

    /// <summary>SHA-256 of the original, which is kept in the original store under that hash.</summary>
    public required string Sha256 { get; init; }

    public required string Source { get; init; }

    public required string ContentType { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// The scope (<c>tenant:acme</c>) of the key that uploads it, or null for an unscoped key. Creating the job is
    /// refused, atomically with writing it, when the document or an unfinished job of the same id lies outside that
    /// scope. Not stored: the job's tags carry the scope.
    /// </summary>
    public string? OwnerScope { get; init; }

    public IngestionJobStatus Status { get; init; }

    /// <summary>What the finished job did to the document: <c>created</c>, <c>updated</c> or <c>unchanged</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>Parts of the document that were not indexed and why (e.g. scanned pages without a text layer).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public int ChunksDone { get; init; }

    public int ChunksTotal { get; init; }

    /// <summary>How many times a worker started it (an attempt interrupted by a crash counts).</summary>
    public int Attempts { get; init; }

    /// <summary>The reason of the last failure, readable by a person.</summary>
    public string? Error { get; init; }

    /// <summary>A stable code for the last failure: a <c>RejectionReason</c> name for bad content, otherwise <c>Transient</c>.</summary>
    public string? ErrorCode { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsFinished => Status is IngestionJobStatus.Succeeded or IngestionJobStatus.Failed or IngestionJobStatus.Unchanged;
}
