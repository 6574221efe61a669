namespace RagBot.Indexing;

/// <summary>The state of the reindex started through the API (<c>GET /api/admin/index</c>).</summary>
public sealed record ReindexStatus
{
    public bool Running { get; init; }

    public int Done { get; init; }

    public int Total { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }

    public ReindexReport? LastReport { get; init; }
}
