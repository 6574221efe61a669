using RagBot.Core.Chat;

namespace RagBot.Api.Contracts;

/// <summary>A chat session as <c>GET /api/chat/sessions/{id}</c> shows it, turns oldest first.</summary>
public sealed record ChatSessionResponse(
    string Id,
    string? Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ChatTurnResponse> Turns)
{
    public static ChatSessionResponse From(ChatSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new(session.Id, session.Owner, session.CreatedAt, session.UpdatedAt, session.Turns.Select(ChatTurnResponse.From).ToList());
    }
}
