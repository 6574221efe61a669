using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;

namespace RagBot.Core.Indexing;

/// <summary>Hands out the vector-store collection of the active index generation.</summary>
public interface IChunkCollectionProvider
{
    /// <summary>
    /// The active collection for writing chunks made with the configured embedder; throws
    /// <see cref="Errors.IndexMismatchException"/> when the index was built by another embedder.
    /// </summary>
    Task<VectorStoreCollection<Guid, DocumentChunk>> GetActiveCollectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The active collection whatever embedder built it, with that embedder's identity: for reading (search
    /// with a matching query embedder) and for deleting chunks by key, which need no vectors.
    /// </summary>
    Task<ActiveIndex> GetActiveIndexAsync(CancellationToken cancellationToken);
}
