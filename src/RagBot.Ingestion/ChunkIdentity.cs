using RagBot.Core.Chunks;

namespace RagBot.Ingestion;

/// <summary>What every chunk of one document version shares; turns chunker output into store records.</summary>
internal sealed record ChunkIdentity(string DocumentId, string Version, string Source, IReadOnlyList<string> Tags)
{
    public DocumentChunk ToRecord(TextChunk chunk, ReadOnlyMemory<float> embedding) => new()
    {
        Id = ChunkKeys.For(DocumentId, Version, chunk.Ordinal),
        DocumentId = DocumentId,
        DocumentVersion = Version,
        Source = Source,
        Ordinal = chunk.Ordinal,
        HeadingPath = chunk.HeadingPath,
        PageStart = chunk.PageStart,
        PageEnd = chunk.PageEnd,
        CharStart = chunk.CharStart,
        CharEnd = chunk.CharEnd,
        Text = chunk.Text,
        Tags = [.. Tags],
        Embedding = embedding,
    };
}
