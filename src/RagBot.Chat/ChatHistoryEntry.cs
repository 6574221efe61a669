namespace RagBot.Chat;

/// <summary>An earlier exchange of a conversation, used to understand a follow-up question.</summary>
/// <param name="Question">What the user asked.</param>
/// <param name="Answer">What RagBot answered.</param>
/// <param name="StandaloneQuery">The query that question was searched with, when known.</param>
public sealed record ChatHistoryEntry(string Question, string Answer, string? StandaloneQuery = null);
