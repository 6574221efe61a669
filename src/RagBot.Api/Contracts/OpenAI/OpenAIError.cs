namespace RagBot.Api.Contracts.OpenAI;

/// <summary>OpenAI's error envelope: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
public sealed record OpenAIError(OpenAIErrorDetail Error);
