namespace RagBot.Core.Chat;

/// <summary>A conversation: its turns, oldest first.</summary>
public sealed record ChatSession
{
    public required string Id { get; init; }

    /// <summary>Who the session belongs to (an API key's id once keys exist); null when nobody owns it.</summary>
    public string? Owner { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required IReadOnlyList<ChatTurn> Turns { get; init; }
}
