using RagBot.Core.Documents;

namespace RagBot.Api.Contracts;

/// <summary>A stored document as the API shows it.</summary>
public sealed record DocumentResponse(
    string Id,
    string Source,
    string ContentType,
    string Sha256,
    long SizeBytes,
    IReadOnlyList<string> Tags,
    int ChunkCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static DocumentResponse From(DocumentRecord d) =>
        new(d.Id, d.Source, d.ContentType, d.Sha256, d.SizeBytes, d.Tags, d.ChunkCount, d.CreatedAt, d.UpdatedAt);
}
