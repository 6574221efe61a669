namespace RagBot.Api.Contracts;

/// <summary>Data of the <c>delta</c> server-sent event: the next piece of the answer's text.</summary>
public sealed record ChatDeltaEvent(string Text);
