using RagBot.Core.Indexing;

namespace RagBot.Api.Contracts;

/// <summary>One index generation as the API shows it: its collection, what built it, and where it is in its life.</summary>
public sealed record IndexGenerationResponse(
    long Id,
    string CollectionName,
    string EmbedderModelId,
    int Dimensions,
    string ChunkingFingerprint,
    IndexGenerationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? RetiredAt)
{
    public static IndexGenerationResponse From(IndexGeneration generation)
    {
        ArgumentNullException.ThrowIfNull(generation);
        return new(
            generation.Id, generation.CollectionName, generation.EmbedderModelId, generation.Dimensions, generation.ChunkingFingerprint,
            generation.Status, generation.CreatedAt, generation.ActivatedAt, generation.RetiredAt);
    }
}
