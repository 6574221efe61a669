using RagBot.Core.Jobs;

namespace RagBot.Ingestion;

/// <summary>What an ingestion did to the index.</summary>
public enum IngestionStatus
{
    /// <summary>A new document was indexed.</summary>
    Created,

    /// <summary>The document's content or tags changed and its chunks were replaced.</summary>
    Updated,

    /// <summary>The same bytes and tags were already indexed; nothing was done.</summary>
    Unchanged,
}

/// <summary>The outcome of ingesting one document.</summary>
public sealed record IngestionResult(string DocumentId, IngestionStatus Status, int ChunkCount)
{
    /// <summary>Parts of the document that could not be indexed and why (e.g. pages without a text layer).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The <see cref="Status"/> as recorded on the job and on the metrics (<see cref="JobOutcomes"/>).</summary>
    public string Outcome => Status switch
    {
        IngestionStatus.Created => JobOutcomes.Created,
        IngestionStatus.Updated => JobOutcomes.Updated,
        _ => JobOutcomes.Unchanged,
    };
}
