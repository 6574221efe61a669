namespace RagBot.Ingestion;

/// <summary>What became of one upload of a batch (<see cref="DocumentIngestor.IngestManyAsync"/>): its result, or why it failed.</summary>
public sealed record DocumentIngestOutcome(IngestionResult? Result, Exception? Error)
{
    public static DocumentIngestOutcome Succeeded(IngestionResult result) => new(result, null);

    public static DocumentIngestOutcome Failed(Exception error) => new(null, error);
}
