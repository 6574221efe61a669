namespace RagBot.Core.Documents;

/// <summary>A stored document as the catalog knows it.</summary>
public sealed record DocumentRecord
{
    public required string Id { get; init; }

    public required string Source { get; init; }

    public required string ContentType { get; init; }

    /// <summary>Lower-case hex SHA-256 of the original bytes; chunks carry it as their version.</summary>
    public required string Sha256 { get; init; }

    public required long SizeBytes { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public int ChunkCount { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
