using System.Linq.Expressions;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;

namespace RagBot.Core.Indexing;

/// <summary>
/// Keyword-only (BM25) search over a chunk collection, for stores whose keyword index can run without the
/// vector leg. MEVD has no abstraction for it, so each store that can offers one.
/// </summary>
public interface IKeywordChunkSearch
{
    /// <summary>Whether this search can run on the given collection.</summary>
    bool Supports(VectorStoreCollection<Guid, DocumentChunk> collection);

    IAsyncEnumerable<VectorSearchResult<DocumentChunk>> SearchAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection,
        ICollection<string> keywords,
        int top,
        Expression<Func<DocumentChunk, bool>>? filter,
        CancellationToken cancellationToken);
}
