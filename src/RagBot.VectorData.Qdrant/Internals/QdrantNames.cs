using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace RagBot.VectorData.Qdrant.Internals;

/// <summary>Names and enum values on Qdrant's side of the mapping.</summary>
internal static class QdrantNames
{
    /// <summary>Name of the BM25 sparse vector that shadows a full-text data property.</summary>
    public static string SparseVectorName(DataPropertyModel fullTextProperty) => fullTextProperty.StorageName + "_bm25";

    public static string MapDistance(VectorPropertyModel vector) => vector.DistanceFunction switch
    {
        null or DistanceFunction.CosineSimilarity => "Cosine",
        DistanceFunction.DotProductSimilarity => "Dot",
        DistanceFunction.EuclideanDistance => "Euclid",
        DistanceFunction.ManhattanDistance => "Manhattan",
        _ => throw new NotSupportedException(
            $"Qdrant does not support the distance function '{vector.DistanceFunction}' of vector property '{vector.ModelName}'; " +
            "use CosineSimilarity, DotProductSimilarity, EuclideanDistance or ManhattanDistance."),
    };

    public static void EnsureSupportedIndexKind(VectorPropertyModel vector)
    {
        if (vector.IndexKind is not null and not IndexKind.Hnsw)
        {
            throw new NotSupportedException(
                $"Qdrant indexes dense vectors with HNSW only; vector property '{vector.ModelName}' asks for '{vector.IndexKind}'.");
        }
    }
}
