using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Converts between the index's internal score (higher is better, computed from one dot product) and the score
/// MEVD callers expect for the configured distance function.
/// </summary>
/// <remarks>
/// Cosine vectors are normalized when stored, so their internal score is a plain dot product. Euclidean uses
/// |q - v|^2 = |q|^2 - (2 q.v - |v|^2), keeping the same kernel and ranking by <c>2 q.v - |v|^2</c>.
/// </remarks>
internal sealed class VectorScoring
{
    private VectorScoring(string distanceFunction, bool normalizes, bool usesNorms, bool higherIsBetter)
    {
        DistanceFunction = distanceFunction;
        Normalizes = normalizes;
        UsesSquaredNorms = usesNorms;
        HigherIsBetter = higherIsBetter;
    }

    public string DistanceFunction { get; }

    public bool Normalizes { get; }

    public bool UsesSquaredNorms { get; }

    public bool HigherIsBetter { get; }

    public static VectorScoring For(string distanceFunction) => distanceFunction switch
    {
        Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity => new(distanceFunction, true, false, true),
        Microsoft.Extensions.VectorData.DistanceFunction.CosineDistance => new(distanceFunction, true, false, false),
        Microsoft.Extensions.VectorData.DistanceFunction.DotProductSimilarity => new(distanceFunction, false, false, true),
        Microsoft.Extensions.VectorData.DistanceFunction.NegativeDotProductSimilarity => new(distanceFunction, false, false, false),
        Microsoft.Extensions.VectorData.DistanceFunction.EuclideanDistance => new(distanceFunction, false, true, false),
        Microsoft.Extensions.VectorData.DistanceFunction.EuclideanSquaredDistance => new(distanceFunction, false, true, false),
        _ => throw new NotSupportedException(
            $"Distance function '{distanceFunction}' is not supported by the SQLite vector store; use one of {SupportedList}."),
    };

    public static string SupportedList =>
        string.Join(", ", Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity, Microsoft.Extensions.VectorData.DistanceFunction.CosineDistance,
            Microsoft.Extensions.VectorData.DistanceFunction.DotProductSimilarity, Microsoft.Extensions.VectorData.DistanceFunction.NegativeDotProductSimilarity,
            Microsoft.Extensions.VectorData.DistanceFunction.EuclideanDistance, Microsoft.Extensions.VectorData.DistanceFunction.EuclideanSquaredDistance);

    /// <summary>Turns an internal score into the caller-facing score.</summary>
    public double ToScore(float internalScore, float querySquaredNorm) => DistanceFunction switch
    {
        Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity or Microsoft.Extensions.VectorData.DistanceFunction.DotProductSimilarity => internalScore,
        Microsoft.Extensions.VectorData.DistanceFunction.CosineDistance => 1.0 - internalScore,
        Microsoft.Extensions.VectorData.DistanceFunction.NegativeDotProductSimilarity => -(double)internalScore,
        Microsoft.Extensions.VectorData.DistanceFunction.EuclideanDistance => Math.Sqrt(Math.Max(0.0, querySquaredNorm - (double)internalScore)),
        _ => Math.Max(0.0, querySquaredNorm - (double)internalScore),
    };

    /// <summary>Whether a caller-facing score passes a <see cref="VectorSearchOptions{TRecord}.ScoreThreshold"/>.</summary>
    public bool Passes(double score, double? threshold) =>
        threshold is not { } t || (HigherIsBetter ? score >= t : score <= t);
}
