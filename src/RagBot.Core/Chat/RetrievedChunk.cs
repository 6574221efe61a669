using RagBot.Core.Chunks;

namespace RagBot.Core.Chat;

/// <summary>A chunk found by retrieval with its fused relevance score (higher is better).</summary>
public sealed record RetrievedChunk(DocumentChunk Chunk, double Score)
{
    /// <summary>The cosine similarity of the chunk to the query, when the vector leg found it.</summary>
    public double? VectorSimilarity { get; init; }
}
