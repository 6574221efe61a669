using RagBot.Core.Chat;

namespace RagBot.Api.Contracts;

/// <summary>Token counts reported by a generative model.</summary>
public sealed record ChatUsage(long? InputTokens, long? OutputTokens, long? TotalTokens);

/// <summary>The answer of <c>POST /api/chat</c>.</summary>
public sealed record ChatResponse(
    string Answer,
    IReadOnlyList<Citation> Citations,
    string SessionId,
    string Mode,
    ChatUsage? Usage);
