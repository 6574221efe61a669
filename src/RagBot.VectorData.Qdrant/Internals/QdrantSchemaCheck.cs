using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using RagBot.VectorData.Qdrant.Internals.Http;

namespace RagBot.VectorData.Qdrant.Internals;

/// <summary>
/// Compares an existing collection with the record definition, so a changed embedding model (new dimension or
/// distance) fails at start with a message that says what to do, instead of failing every upsert later.
/// </summary>
internal static class QdrantSchemaCheck
{
    public static void EnsureCompatible(CollectionInfoDto info, CollectionModel model, string collection)
    {
        var vectors = info.Config.Params.Vectors;
        var problems = new List<string>();
        foreach (var vector in model.VectorProperties)
        {
            var config = vectors is not null && !vectors.ContainsKey("size") ? vectors[vector.StorageName] : null;
            var size = config?["size"]?.GetValue<int>();
            var distance = config?["distance"]?.GetValue<string>();
            if (config is null)
            {
                problems.Add($"it has no named dense vector '{vector.StorageName}'");
            }
            else if (size != vector.Dimensions || distance != QdrantNames.MapDistance(vector))
            {
                problems.Add($"vector '{vector.StorageName}' is {size} dimensions with {distance} distance, " +
                             $"but the record definition asks for {vector.Dimensions} with {QdrantNames.MapDistance(vector)}");
            }
        }

        foreach (var text in model.DataProperties.Where(property => property.IsFullTextIndexed))
        {
            var name = QdrantNames.SparseVectorName(text);
            if (info.Config.Params.SparseVectors?.ContainsKey(name) != true)
            {
                problems.Add($"it has no sparse vector '{name}' for the BM25 keyword index of '{text.ModelName}'");
            }
        }

        if (problems.Count > 0)
        {
            throw new VectorStoreException(
                $"The existing Qdrant collection '{collection}' does not match the record definition: {string.Join("; ", problems)}. " +
                "Index into a new collection and switch the alias to it (QdrantVectorStore.SwitchAliasAsync), or delete the collection.")
            {
                VectorStoreSystemName = QdrantRestClient.SystemName,
                CollectionName = collection,
                OperationName = "EnsureCollectionExists",
            };
        }
    }
}
