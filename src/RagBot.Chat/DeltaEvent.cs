namespace RagBot.Chat;

/// <summary>A piece of the answer's text as the model produced it (citations not yet validated).</summary>
public sealed record DeltaEvent(string Text) : ChatStreamEvent;
