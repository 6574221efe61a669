using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using RagBot.VectorData.Qdrant.Internals;
using RagBot.VectorData.Qdrant.Internals.Http;

namespace RagBot.VectorData.Qdrant;

public sealed partial class QdrantVectorStoreCollection<TKey, TRecord>
{
    private const int ScrollPageSize = 1000;

    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new VectorSearchOptions<TRecord>();
        var vector = _model.GetVectorPropertyOrSingle(options);
        var query = await ResolveQueryVectorAsync(searchValue, vector, cancellationToken).ConfigureAwait(false);
        var request = new QueryRequest(
            query, vector.StorageName, TranslateFilter(options.Filter), top, options.Skip > 0 ? options.Skip : null,
            options.ScoreThreshold, WithPayload: true, WithVectors(options.IncludeVectors));
        await foreach (var result in QueryAsync(request, options.IncludeVectors, "Search", cancellationToken).ConfigureAwait(false))
        {
            yield return result;
        }
    }

    /// <summary>
    /// BM25 search alone: one Query API call on the full-text property's sparse vector (IDF applied by Qdrant), filtered.
    /// Scores are the sparse dot products (higher is better), comparable across the hits of one query only.
    /// </summary>
    public async IAsyncEnumerable<VectorSearchResult<TRecord>> KeywordSearchAsync(
        ICollection<string> keywords, int top, HybridSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new HybridSearchOptions<TRecord>();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip);
        var textProperty = _model.GetFullTextDataPropertyOrSingle(options.AdditionalProperty);
        var sparse = _encoder.EncodeQuery(keywords);
        if (sparse.IsEmpty)
        {
            // No known term: Qdrant would reject an empty sparse query, and nothing could match anyway.
            yield break;
        }

        var request = new QueryRequest(
            new SparseVectorDto(sparse.Indices, sparse.Values), QdrantNames.SparseVectorName(textProperty), TranslateFilter(options.Filter),
            top, options.Skip > 0 ? options.Skip : null, options.ScoreThreshold, WithPayload: true, WithVectors(options.IncludeVectors));
        await foreach (var result in QueryAsync(request, options.IncludeVectors, "KeywordSearch", cancellationToken).ConfigureAwait(false))
        {
            yield return result;
        }
    }

    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new FilteredRecordRetrievalOptions<TRecord>();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip);
        var qdrantFilter = TranslateFilter(filter);
        var orderBy = TranslateOrderBy(options);
        var wanted = options.Skip + top;
        var seen = 0;
        JsonNode? offset = null;
        do
        {
            // With order_by Qdrant does not paginate, so the whole window comes in one page.
            var limit = orderBy is null ? Math.Min(wanted - seen, ScrollPageSize) : wanted;
            var request = new ScrollRequest(qdrantFilter?.DeepClone().AsObject(), limit, offset, WithPayload: true, WithVectors(options.IncludeVectors), orderBy);
            var page = await _client.SendAsync<ScrollResult>(
                HttpMethod.Post, QdrantRestClient.CollectionPath(_storageName, "/points/scroll"), request, Call("GetFiltered"), cancellationToken).ConfigureAwait(false);
            foreach (var point in page.Points)
            {
                if (seen++ >= options.Skip && seen <= wanted)
                {
                    yield return _mapper.ToRecord<TRecord>(point, options.IncludeVectors);
                }
            }

            offset = orderBy is null ? page.NextPageOffset : null;
        }
        while (offset is not null && seen < wanted);
    }

    private async IAsyncEnumerable<VectorSearchResult<TRecord>> QueryAsync(
        QueryRequest request, bool includeVectors, string operation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var result = await _client.SendAsync<QueryResult>(
            HttpMethod.Post, QdrantRestClient.CollectionPath(_storageName, "/points/query"), request, Call(operation), cancellationToken).ConfigureAwait(false);
        foreach (var point in result.Points)
        {
            yield return new VectorSearchResult<TRecord>(_mapper.ToRecord<TRecord>(point, includeVectors), point.Score);
        }
    }

    private JsonObject? TranslateFilter(Expression<Func<TRecord, bool>>? filter) =>
        filter is null ? null : new QdrantFilterTranslator().Translate(filter, _model);

    private ScrollOrderBy? TranslateOrderBy(FilteredRecordRetrievalOptions<TRecord> options)
    {
        if (options.OrderBy is null)
        {
            return null;
        }

        var sorts = options.OrderBy(new FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition()).Values;
        if (sorts.Count == 0)
        {
            return null;
        }

        if (sorts.Count > 1)
        {
            throw new NotSupportedException("Qdrant scroll orders by one payload field only; pass a single OrderBy.");
        }

        var property = _model.GetDataOrKeyProperty(sorts[0].PropertySelector);
        if (property is KeyPropertyModel)
        {
            throw new NotSupportedException("Qdrant orders scrolls by payload fields, not by point id.");
        }

        return new ScrollOrderBy(property.StorageName, sorts[0].Ascending ? "asc" : "desc");
    }

    private static async Task<float[]> ResolveQueryVectorAsync<TInput>(TInput searchValue, VectorPropertyModel vector, CancellationToken cancellationToken)
        where TInput : notnull
    {
        switch (searchValue)
        {
            case ReadOnlyMemory<float> or float[] or Embedding<float>:
                return QdrantPointMapper.ToFloats(searchValue)!;
            case var _ when vector.EmbeddingGenerator is not null:
                var embedding = await vector.GenerateEmbeddingAsync(searchValue, cancellationToken).ConfigureAwait(false);
                return QdrantPointMapper.ToFloats(embedding)!;
            default:
                throw new NotSupportedException(VectorDataStrings.InvalidSearchInputAndNoEmbeddingGeneratorWasConfigured(
                    typeof(TInput), "ReadOnlyMemory<float>, float[], Embedding<float>"));
        }
    }
}
