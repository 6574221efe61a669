namespace RagBot.Retrieval;

/// <summary>The relevance gate for one question: the mean cosine of the best <paramref name="Depth"/> chunks must reach <paramref name="MinRelevance"/>.</summary>
public readonly record struct GateThreshold(double MinRelevance, int Depth);
