namespace RagBot.Retrieval;

/// <summary>What to search for; unset values fall back to <see cref="RetrievalOptions"/>.</summary>
public sealed record RetrievalRequest(string Query)
{
    /// <summary>Tags (<c>key:value</c>) every returned chunk must carry.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public int? TopK { get; init; }

    public double? MinRelevance { get; init; }

    public RetrievalMode? Mode { get; init; }
}
