using System.Linq.Expressions;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Indexing;

namespace RagBot.UnitTests.Retrieval;

/// <summary>
/// A real SQLite collection seen without its rank-first, read-later capability (<see cref="IDeferredRecordSearch{TKey, TRecord}"/>):
/// the legs return records as any other store's do, so the retriever takes the path every store without the
/// capability takes. The reference the deferred path is compared with.
/// </summary>
internal sealed class RecordReturningCollection : VectorStoreCollection<Guid, DocumentChunk>, IKeywordSearchable<DocumentChunk>, IVectorSimilarityLookup<Guid>
{
    private readonly VectorStoreCollection<Guid, DocumentChunk> _inner;

    public RecordReturningCollection(VectorStoreCollection<Guid, DocumentChunk> inner) => _inner = inner;

    public override string Name => _inner.Name;

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => _inner.CollectionExistsAsync(cancellationToken);

    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) => _inner.EnsureCollectionExistsAsync(cancellationToken);

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) => _inner.EnsureCollectionDeletedAsync(cancellationToken);

    public override Task<DocumentChunk?> GetAsync(Guid key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default) =>
        _inner.GetAsync(key, options, cancellationToken);

    public override IAsyncEnumerable<DocumentChunk> GetAsync(IEnumerable<Guid> keys, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default) =>
        _inner.GetAsync(keys, options, cancellationToken);

    public override IAsyncEnumerable<DocumentChunk> GetAsync(
        Expression<Func<DocumentChunk, bool>> filter, int top, FilteredRecordRetrievalOptions<DocumentChunk>? options = null, CancellationToken cancellationToken = default) =>
        _inner.GetAsync(filter, top, options, cancellationToken);

    public override Task DeleteAsync(Guid key, CancellationToken cancellationToken = default) => _inner.DeleteAsync(key, cancellationToken);

    public override Task DeleteAsync(IEnumerable<Guid> keys, CancellationToken cancellationToken = default) => _inner.DeleteAsync(keys, cancellationToken);

    public override Task UpsertAsync(DocumentChunk record, CancellationToken cancellationToken = default) => _inner.UpsertAsync(record, cancellationToken);

    public override Task UpsertAsync(IEnumerable<DocumentChunk> records, CancellationToken cancellationToken = default) => _inner.UpsertAsync(records, cancellationToken);

    public override IAsyncEnumerable<VectorSearchResult<DocumentChunk>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<DocumentChunk>? options = null, CancellationToken cancellationToken = default) =>
        _inner.SearchAsync(searchValue, top, options, cancellationToken);

    public IAsyncEnumerable<VectorSearchResult<DocumentChunk>> KeywordSearchAsync(
        ICollection<string> keywords, int top, HybridSearchOptions<DocumentChunk>? options = null, CancellationToken cancellationToken = default) =>
        ((IKeywordSearchable<DocumentChunk>)_inner).KeywordSearchAsync(keywords, top, options, cancellationToken);

    public Task<IReadOnlyDictionary<Guid, double>?> GetSimilaritiesAsync(IReadOnlyCollection<Guid> keys, ReadOnlyMemory<float> query, CancellationToken cancellationToken = default) =>
        ((IVectorSimilarityLookup<Guid>)_inner).GetSimilaritiesAsync(keys, query, cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) => _inner.GetService(serviceType, serviceKey) is { } service && service != _inner ? service : null;
}
