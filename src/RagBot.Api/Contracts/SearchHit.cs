namespace RagBot.Api.Contracts;

/// <summary>
/// One ranked chunk: its pages (<see cref="PageEnd"/> only when it runs past <see cref="Page"/>), a link to the
/// original at its first page, its fused rank score and its cosine similarity to the query.
/// </summary>
public sealed record SearchHit(
    int Rank,
    string DocumentId,
    string Source,
    int Ordinal,
    int? Page,
    int? PageEnd,
    string? HeadingPath,
    string Url,
    string Text,
    double Score,
    double? Similarity);
