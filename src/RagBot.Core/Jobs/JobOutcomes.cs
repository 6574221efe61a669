namespace RagBot.Core.Jobs;

/// <summary>
/// What a successful ingestion job did, as recorded in <see cref="IngestionJob.Outcome"/>, reported by the API and
/// tagged on the ingestion metrics: one spelling for the writer and every reader.
/// </summary>
public static class JobOutcomes
{
    /// <summary>A new document was indexed.</summary>
    public const string Created = "created";

    /// <summary>The document's content or tags changed and its chunks were replaced.</summary>
    public const string Updated = "updated";

    /// <summary>The same bytes and tags were already indexed.</summary>
    public const string Unchanged = "unchanged";
}
