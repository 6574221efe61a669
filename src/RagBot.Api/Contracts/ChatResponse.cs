using RagBot.Chat;
using RagBot.Core.Chat;

namespace RagBot.Api.Contracts;

/// <summary>The answer of <c>POST /api/chat</c>.</summary>
public sealed record ChatResponse(
    string Answer,
    IReadOnlyList<Citation> Citations,
    string? SessionId,
    string Mode,
    ChatUsage? Usage)
{
    public static ChatResponse From(ChatAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new(answer.Answer, answer.Citations, answer.SessionId, answer.Mode, ChatUsage.From(answer.Usage));
    }
}
