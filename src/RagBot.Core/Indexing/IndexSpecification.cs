namespace RagBot.Core.Indexing;

/// <summary>What an index is built with: the embedder (model id and vector length) and the chunking settings.</summary>
public sealed record IndexSpecification(string EmbedderModelId, int Dimensions, string ChunkingFingerprint)
{
    public bool Matches(IndexGeneration generation) =>
        generation is not null
        && generation.EmbedderModelId == EmbedderModelId
        && generation.Dimensions == Dimensions
        && generation.ChunkingFingerprint == ChunkingFingerprint;
}
