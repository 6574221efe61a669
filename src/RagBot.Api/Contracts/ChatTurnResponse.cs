using RagBot.Core.Chat;

namespace RagBot.Api.Contracts;

/// <summary>One stored turn of a chat session.</summary>
public sealed record ChatTurnResponse(
    string Question,
    string StandaloneQuery,
    string Answer,
    string Mode,
    IReadOnlyList<Citation> Citations,
    DateTimeOffset CreatedAt)
{
    public static ChatTurnResponse From(ChatTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return new(turn.Question, turn.StandaloneQuery, turn.Answer, turn.Mode, turn.Citations, turn.CreatedAt);
    }
}
