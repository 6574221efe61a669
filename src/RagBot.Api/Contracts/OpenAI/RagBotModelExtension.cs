namespace RagBot.Api.Contracts.OpenAI;

/// <summary>RagBot's extension of a model object: <c>extractive</c> (local answerer) or <c>generative</c>.</summary>
public sealed record RagBotModelExtension(string Mode);
