namespace RagBot.Api.Contracts;

/// <summary>One ranked chunk: its fused rank score and its cosine similarity to the query.</summary>
public sealed record SearchHit(
    int Rank,
    string DocumentId,
    string Source,
    int Ordinal,
    int? Page,
    string? HeadingPath,
    string Text,
    double Score,
    double? Similarity);
