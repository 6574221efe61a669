namespace RagBot.Retrieval;

/// <summary>How the convex fusion (<see cref="HybridFusion.Convex"/>) puts the two legs' scores on one scale before weighting them.</summary>
public enum ScoreNormalization
{
    /// <summary>Cosine min-max scaled over the candidates; BM25 divided by the query's best.</summary>
    MinMax,

    /// <summary>Each leg's scores as standard scores (mean 0, standard deviation 1) over the candidates.</summary>
    ZScore,

    /// <summary>Theoretical minimum (0) to the observed maximum on both legs: cosine and BM25 each divided by the query's best.</summary>
    MaxOnly,
}
