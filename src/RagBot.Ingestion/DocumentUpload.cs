namespace RagBot.Ingestion;

/// <summary>A document to ingest: its bytes, its source name and optional id and tags.</summary>
public sealed record DocumentUpload(string FileName, ReadOnlyMemory<byte> Content)
{
    /// <summary>The document's stable id; derived from <see cref="FileName"/> when null.</summary>
    public string? DocumentId { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
}
