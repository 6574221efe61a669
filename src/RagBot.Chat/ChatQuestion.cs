namespace RagBot.Chat;

/// <summary>A question to answer from the documents.</summary>
public sealed record ChatQuestion(string Message)
{
    public string? SessionId { get; init; }

    /// <summary>Tags (<c>key:value</c>) every source must carry.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public int? TopK { get; init; }

    public double? MinScore { get; init; }
}
