namespace RagBot.Api.Contracts.OpenAI;

/// <summary>The change a chunk brings: the role on the first chunk, then content pieces.</summary>
public sealed record OpenAIDelta(string? Role = null, string? Content = null);
