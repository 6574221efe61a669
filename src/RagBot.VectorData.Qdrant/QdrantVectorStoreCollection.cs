using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using RagBot.Core.Indexing;
using RagBot.VectorData.Qdrant.Internals;
using RagBot.VectorData.Qdrant.Internals.Http;

namespace RagBot.VectorData.Qdrant;

/// <summary>
/// One Qdrant collection as an MEVD collection: records are points with a payload, one named dense vector per
/// vector property and one BM25 sparse vector (IDF applied by Qdrant) per full-text property. Keys are Guid or ulong.
/// Obtain it from <see cref="QdrantVectorStore.GetCollection{TKey, TRecord}"/>.
/// </summary>
public sealed partial class QdrantVectorStoreCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>, IKeywordSearchable<TRecord>
    where TKey : notnull
    where TRecord : class
{
    private readonly QdrantRestClient _client;
    private readonly Bm25SparseEncoder _encoder;
    private readonly int _upsertBatchSize;
    private readonly CollectionModel _model;
    private readonly QdrantPointMapper _mapper;
    private readonly string _storageName;
    private readonly VectorStoreCollectionMetadata _metadata;

    internal QdrantVectorStoreCollection(
        QdrantCollectionSettings settings, string name, string storageName, VectorStoreCollectionDefinition? definition, bool isDynamic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (typeof(TKey) != typeof(object))
        {
            QdrantModelBuilder.EnsureSupportedKeyType(typeof(TKey), "key");
        }

        _client = settings.Client;
        _encoder = settings.Encoder;
        _upsertBatchSize = settings.UpsertBatchSize;
        _model = isDynamic
            ? new QdrantModelBuilder().BuildDynamic(definition ?? throw new ArgumentNullException(nameof(definition)), defaultEmbeddingGenerator: null)
            : new QdrantModelBuilder().Build(typeof(TRecord), typeof(TKey), definition, defaultEmbeddingGenerator: null);
        _mapper = new QdrantPointMapper(_model, _encoder);
        Name = name;
        _storageName = storageName;
        _metadata = new VectorStoreCollectionMetadata
        {
            VectorStoreSystemName = QdrantRestClient.SystemName,
            VectorStoreName = settings.Client.BaseAddress?.ToString(),
            CollectionName = storageName,
        };
    }

    /// <summary>The collection name as given to the store (without the configured prefix).</summary>
    public override string Name { get; }

    public override async Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        var existence = await _client.SendAsync<CollectionExistence>(
            HttpMethod.Get, QdrantRestClient.CollectionPath(_storageName, "/exists"), null, Call("CollectionExists"), cancellationToken).ConfigureAwait(false);
        return existence.Exists;
    }

    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        var existing = await _client.SendOrDefaultOn404Async<CollectionInfoDto>(
            HttpMethod.Get, QdrantRestClient.CollectionPath(_storageName), null, Call("EnsureCollectionExists"), cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            QdrantSchemaCheck.EnsureCompatible(existing, _model, _storageName);
            return;
        }

        var dense = new Dictionary<string, VectorParams>();
        foreach (var vector in _model.VectorProperties)
        {
            if (vector.Dimensions < 1)
            {
                throw new InvalidOperationException($"Vector property '{vector.ModelName}' needs Dimensions > 0 to create a Qdrant collection.");
            }

            dense[vector.StorageName] = new VectorParams(vector.Dimensions, QdrantNames.MapDistance(vector));
        }

        var sparse = _model.DataProperties
            .Where(property => property.IsFullTextIndexed)
            .ToDictionary(QdrantNames.SparseVectorName, _ => new SparseVectorParams("idf"));

        try
        {
            await _client.SendAsync<bool>(
                HttpMethod.Put, QdrantRestClient.CollectionPath(_storageName), new CreateCollectionRequest(dense, sparse.Count > 0 ? sparse : null),
                Call("EnsureCollectionExists"), cancellationToken).ConfigureAwait(false);
        }
        catch (QdrantVectorStoreException exception) when (exception.StatusCode == HttpStatusCode.Conflict)
        {
            // Another instance created it between our existence check and our create; its indexes follow below either way.
        }

        Log.CollectionCreated(_client.Logger, _storageName, string.Join(", ", dense.Select(pair => $"{pair.Key}:{pair.Value.Size}/{pair.Value.Distance}")),
            string.Join(", ", sparse.Keys));

        foreach (var property in _model.DataProperties.Where(property => property.IsIndexed || property.IsFullTextIndexed))
        {
            var index = new CreateFieldIndexRequest(property.StorageName, QdrantPayloadTypes.IndexSchema(property.Type, property.IsFullTextIndexed));
            await _client.SendAsync<UpdateResultDto>(
                HttpMethod.Put, QdrantRestClient.CollectionPath(_storageName, "/index?wait=true"), index, Call("EnsureCollectionExists"), cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) =>
        await _client.SendOrDefaultOn404Async<bool>(
            HttpMethod.Delete, QdrantRestClient.CollectionPath(_storageName), null, Call("EnsureCollectionDeleted"), cancellationToken).ConfigureAwait(false);

    public override async Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        await foreach (var record in GetAsync([key], options, cancellationToken).ConfigureAwait(false))
        {
            return record;
        }

        return null;
    }

    public override async IAsyncEnumerable<TRecord> GetAsync(
        IEnumerable<TKey> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ids = keys.Select(key => QdrantPointMapper.ToPointId(key)).ToList();
        if (ids.Count == 0)
        {
            yield break;
        }

        var includeVectors = options?.IncludeVectors ?? false;
        var request = new GetPointsRequest(ids, WithPayload: true, WithVectors(includeVectors));
        var points = await _client.SendAsync<List<PointRecord>>(
            HttpMethod.Post, QdrantRestClient.CollectionPath(_storageName, "/points"), request, Call("Get"), cancellationToken).ConfigureAwait(false);
        foreach (var point in points)
        {
            yield return _mapper.ToRecord<TRecord>(point, includeVectors);
        }
    }

    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default) =>
        DeleteAsync([key], cancellationToken);

    public override async Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ids = keys.Select(key => QdrantPointMapper.ToPointId(key)).ToList();
        if (ids.Count > 0)
        {
            await _client.SendAsync<UpdateResultDto>(
                HttpMethod.Post, QdrantRestClient.CollectionPath(_storageName, "/points/delete?wait=true"), new DeletePointsRequest(ids),
                Call("Delete"), cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default) =>
        UpsertAsync([record], cancellationToken);

    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var batch = records.ToList();
        if (batch.Count == 0)
        {
            return;
        }

        AssignGeneratedKeys(batch);
        var generated = await GenerateEmbeddingsAsync(batch, cancellationToken).ConfigureAwait(false);
        for (var start = 0; start < batch.Count; start += _upsertBatchSize)
        {
            var points = new List<PointStruct>(Math.Min(_upsertBatchSize, batch.Count - start));
            for (var i = start; i < Math.Min(start + _upsertBatchSize, batch.Count); i++)
            {
                points.Add(_mapper.ToPoint(batch[i], i, generated));
            }

            await _client.SendAsync<UpdateResultDto>(
                HttpMethod.Put, QdrantRestClient.CollectionPath(_storageName, "/points?wait=true"), new UpsertPointsRequest(points),
                Call("Upsert"), cancellationToken).ConfigureAwait(false);
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private void AssignGeneratedKeys(List<TRecord> records)
    {
        if (_model.KeyProperty is not { IsAutoGenerated: true } keyProperty)
        {
            return;
        }

        foreach (var record in records)
        {
            var key = keyProperty.GetValueAsObject(record);
            if (key is null || (key is Guid guid && guid == Guid.Empty))
            {
                keyProperty.SetValueAsObject(record, Guid.CreateVersion7());
            }
        }
    }

    private async Task<IReadOnlyDictionary<VectorPropertyModel, IReadOnlyList<Embedding>>> GenerateEmbeddingsAsync(
        List<TRecord> records, CancellationToken cancellationToken)
    {
        var generated = new Dictionary<VectorPropertyModel, IReadOnlyList<Embedding>>();
        foreach (var vector in _model.VectorProperties)
        {
            if (vector.EmbeddingGenerator is not null && !QdrantModelBuilder.IsNativeVectorType(vector.Type))
            {
                var inputs = records.Select(record => vector.GetValueAsObject(record)!).ToList();
                generated[vector] = await vector.GenerateEmbeddingsAsync(inputs, cancellationToken).ConfigureAwait(false);
            }
        }

        return generated;
    }

    private System.Text.Json.Nodes.JsonNode WithVectors(bool includeVectors)
    {
        if (includeVectors && _model.EmbeddingGenerationRequired)
        {
            throw new NotSupportedException(VectorDataStrings.IncludeVectorsNotSupportedWithEmbeddingGeneration);
        }

        return includeVectors
            ? new System.Text.Json.Nodes.JsonArray([.. _model.VectorProperties.Select(vector => (System.Text.Json.Nodes.JsonNode?)vector.StorageName)])
            : false;
    }

    private QdrantCall Call(string operation) => new(operation, _storageName);
}
