using RagBot.Core.Indexing;

namespace RagBot.Indexing;

/// <summary>What a reindex would do (the <c>--dry-run</c> answer).</summary>
public sealed record ReindexPlan(
    IndexGeneration Active,
    IndexGeneration? Resuming,
    IndexSpecification Target,
    string TargetCollection,
    int Documents,
    int AlreadyDone,
    int ToIndex);

/// <summary>How far a reindex is: documents done of the total in the current pass.</summary>
public readonly record struct ReindexProgress(int Done, int Total, string? CurrentDocument);

/// <summary>A document the reindex could not rebuild, and why.</summary>
public sealed record ReindexFailure(string DocumentId, string Reason);

/// <summary>What a finished reindex did.</summary>
public sealed record ReindexReport
{
    public required IndexGeneration Activated { get; init; }

    public IndexGeneration? Retired { get; init; }

    public required bool Resumed { get; init; }

    public required int Documents { get; init; }

    public required int Indexed { get; init; }

    public required int Skipped { get; init; }

    public required int CaughtUp { get; init; }

    public required long Chunks { get; init; }
}
