namespace RagBot.Core.Indexing;

/// <summary>Where an index generation is in its life: being built by a reindex, serving chat, or replaced.</summary>
public enum IndexGenerationStatus
{
    Building,
    Active,
    Retired,
}

/// <summary>
/// One build of the chunk index: which collection holds it and which embedder and chunking settings made it,
/// so a settings change can be detected and a reindex can build the next one beside it.
/// </summary>
public sealed record IndexGeneration
{
    public required long Id { get; init; }

    public required string CollectionName { get; init; }

    public required string EmbedderModelId { get; init; }

    public required int Dimensions { get; init; }

    public required string ChunkingFingerprint { get; init; }

    public required IndexGenerationStatus Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ActivatedAt { get; init; }

    public DateTimeOffset? RetiredAt { get; init; }
}
