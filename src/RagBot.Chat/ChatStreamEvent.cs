namespace RagBot.Chat;

/// <summary>One step of a streamed answer: <see cref="SourcesEvent"/>, then <see cref="DeltaEvent"/>s, then <see cref="AnswerEvent"/>.</summary>
public abstract record ChatStreamEvent;
