using System.Linq.Expressions;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Indexing;
using RagBot.VectorData.Sqlite;

namespace RagBot.Hosting.Indexing;

/// <summary>Keyword-only retrieval on the embedded store: its FTS5 BM25 leg without the vector leg.</summary>
internal sealed class SqliteKeywordChunkSearch : IKeywordChunkSearch
{
    public bool Supports(VectorStoreCollection<Guid, DocumentChunk> collection) => collection is SqliteVectorStoreCollection<Guid, DocumentChunk>;

    public IAsyncEnumerable<VectorSearchResult<DocumentChunk>> SearchAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection,
        ICollection<string> keywords,
        int top,
        Expression<Func<DocumentChunk, bool>>? filter,
        CancellationToken cancellationToken)
    {
        var sqlite = collection as SqliteVectorStoreCollection<Guid, DocumentChunk>
            ?? throw new NotSupportedException($"Keyword-only search needs the embedded store; '{collection?.Name}' is not one of its collections.");
        return sqlite.KeywordSearchAsync(keywords, top, new HybridSearchOptions<DocumentChunk> { Filter = filter, IncludeVectors = true }, cancellationToken);
    }
}
