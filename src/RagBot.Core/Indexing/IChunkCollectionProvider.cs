using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;

namespace RagBot.Core.Indexing;

/// <summary>Hands out the vector-store collection of the active index generation.</summary>
public interface IChunkCollectionProvider
{
    Task<VectorStoreCollection<Guid, DocumentChunk>> GetActiveCollectionAsync(CancellationToken cancellationToken);
}
