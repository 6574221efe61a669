namespace RagBot.Api.Contracts.OpenAI;

/// <summary>The body of an OpenAI error.</summary>
public sealed record OpenAIErrorDetail(string Message, string Type, string? Param, string? Code);
