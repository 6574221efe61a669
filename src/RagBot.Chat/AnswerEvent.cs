namespace RagBot.Chat;

/// <summary>The finished answer with validated citations; the last event of a stream.</summary>
public sealed record AnswerEvent(ChatAnswer Answer) : ChatStreamEvent;
