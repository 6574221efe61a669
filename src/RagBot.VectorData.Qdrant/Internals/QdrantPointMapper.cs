using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData.ProviderServices;
using RagBot.VectorData.Qdrant.Internals.Http;

namespace RagBot.VectorData.Qdrant.Internals;

/// <summary>Converts records to Qdrant points (payload, named dense vectors, BM25 sparse vectors) and back.</summary>
internal sealed class QdrantPointMapper(CollectionModel model, Bm25SparseEncoder encoder)
{
    public static JsonNode ToPointId(object key) => key switch
    {
        Guid guid => JsonValue.Create(guid.ToString("D")),
        ulong number => JsonValue.Create(number),
        _ => throw new NotSupportedException($"Qdrant point ids are Guid or ulong; got {key.GetType().Name}."),
    };

    public static object FromPointId(JsonNode id, Type keyType)
    {
        var type = Nullable.GetUnderlyingType(keyType) ?? keyType;
        if (type == typeof(Guid))
        {
            return Guid.Parse(id.GetValue<string>());
        }

        return id.GetValueKind() == JsonValueKind.String
            ? ulong.Parse(id.GetValue<string>(), CultureInfo.InvariantCulture)
            : id.GetValue<ulong>();
    }

    /// <summary>The point for a record; <c>generated</c> holds embeddings for vector properties whose values are not vectors, by record index.</summary>
    public PointStruct ToPoint(object record, int recordIndex, IReadOnlyDictionary<VectorPropertyModel, IReadOnlyList<Embedding>> generated)
    {
        var key = model.KeyProperty.GetValueAsObject(record)
            ?? throw new InvalidOperationException($"The key property '{model.KeyProperty.ModelName}' of a record is null.");

        var payload = new JsonObject();
        var vectors = new Dictionary<string, object>();
        foreach (var property in model.DataProperties)
        {
            var value = property.GetValueAsObject(record);
            payload[property.StorageName] = JsonSerializer.SerializeToNode(value, property.Type, QdrantJson.Payload);
            if (property.IsFullTextIndexed)
            {
                var sparse = encoder.EncodeDocument(FullText(value));
                if (!sparse.IsEmpty)
                {
                    vectors[QdrantNames.SparseVectorName(property)] = new SparseVectorDto(sparse.Indices, sparse.Values);
                }
            }
        }

        foreach (var property in model.VectorProperties)
        {
            var dense = generated.TryGetValue(property, out var embeddings)
                ? ToFloats(embeddings[recordIndex])
                : ToFloats(property.GetValueAsObject(record));
            if (dense is not null)
            {
                vectors[property.StorageName] = dense;
            }
        }

        return new PointStruct(ToPointId(key), vectors, payload);
    }

    public TRecord ToRecord<TRecord>(PointRecord point, bool includeVectors)
    {
        var record = model.CreateRecord<TRecord>()!;
        model.KeyProperty.SetValueAsObject(record, FromPointId(point.Id, model.KeyProperty.Type));
        if (point.Payload is { } payload)
        {
            foreach (var property in model.DataProperties)
            {
                // A null for a non-nullable value type (a field written by another client) keeps the CLR default.
                if (payload.TryGetPropertyValue(property.StorageName, out var node)
                    && (node is not null || !property.Type.IsValueType || Nullable.GetUnderlyingType(property.Type) is not null))
                {
                    property.SetValueAsObject(record, node?.Deserialize(property.Type, QdrantJson.Payload));
                }
            }
        }

        if (includeVectors && point.Vector is { } vectors)
        {
            foreach (var property in model.VectorProperties)
            {
                if (vectors.TryGetPropertyValue(property.StorageName, out var node) && node is JsonArray array)
                {
                    property.SetValueAsObject(record, FromFloats(array.Deserialize<float[]>()!, property.Type));
                }
            }
        }

        return record;
    }

    public static float[]? ToFloats(object? vector) => vector switch
    {
        null => null,
        ReadOnlyMemory<float> memory => memory.ToArray(),
        float[] array => array,
        Embedding<float> embedding => embedding.Vector.ToArray(),
        _ => throw new NotSupportedException($"Qdrant dense vectors are ReadOnlyMemory<float>, float[] or Embedding<float>; got {vector.GetType().Name}."),
    };

    private static object FromFloats(float[] values, Type type) =>
        type == typeof(float[]) ? values
        : type == typeof(Embedding<float>) ? new Embedding<float>(values)
        : new ReadOnlyMemory<float>(values);

    private static string? FullText(object? value) => value switch
    {
        null => null,
        string text => text,
        IEnumerable<string> texts => string.Join('\n', texts),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
