using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;

namespace RagBot.Core.Indexing;

/// <summary>
/// The collection of the active index generation and the embedder (model id, dimensions) that made its
/// vectors. <see cref="MatchesConfiguredEmbedder"/> is false between an embedder change and the end of the
/// reindex it calls for: its vectors may then only be searched with a query embedded by that same old embedder.
/// </summary>
public sealed record ActiveIndex(
    VectorStoreCollection<Guid, DocumentChunk> Collection,
    long GenerationId,
    string EmbedderModelId,
    int Dimensions,
    bool MatchesConfiguredEmbedder);
