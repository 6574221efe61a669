using Microsoft.Extensions.AI;

namespace RagBot.Core.Embeddings;

/// <summary>
/// Embedders this process can run besides the configured one, found by the model id an index generation
/// recorded: while an index built by a previous embedder still serves (an upgrade's reindex is running),
/// questions are embedded with that embedder, so vectors of two models are never compared.
/// </summary>
public interface IEmbedderCatalog
{
    /// <summary>An embedder whose vectors are those of <paramref name="modelId"/> with <paramref name="dimensions"/>, or null when it cannot run here.</summary>
    IEmbeddingGenerator<string, Embedding<float>>? Find(string modelId, int dimensions);
}
