using System.Text.Json.Serialization;
using RagBot.Chat;
using RagBot.Core.Chat;

namespace RagBot.Api.Contracts;

/// <summary>The answer of <c>POST /api/chat</c>; <c>retrieval</c> is present (<c>keyword-only</c>) only while an upgrade's reindex forces keyword search.</summary>
public sealed record ChatResponse(
    string Answer,
    IReadOnlyList<Citation> Citations,
    string? SessionId,
    string Mode,
    ChatUsage? Usage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Retrieval = null)
{
    public static ChatResponse From(ChatAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new(answer.Answer, answer.Citations, answer.SessionId, answer.Mode, ChatUsage.From(answer.Usage), answer.Retrieval);
    }
}
