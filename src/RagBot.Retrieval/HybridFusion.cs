namespace RagBot.Retrieval;

/// <summary>How hybrid retrieval combines the vector leg and the keyword (BM25) leg.</summary>
public enum HybridFusion
{
    /// <summary>Weighted sum of the legs' normalised scores (see <see cref="ConvexScoreFusion"/>).</summary>
    Convex,

    /// <summary>Weighted reciprocal rank fusion (see <see cref="WeightedRankFusion"/>).</summary>
    Rrf,
}
