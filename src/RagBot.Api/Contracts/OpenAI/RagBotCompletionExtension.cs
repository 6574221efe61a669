using RagBot.Core.Chat;

namespace RagBot.Api.Contracts.OpenAI;

/// <summary>
/// RagBot's extension field on a completion (and on the finishing chunk): the validated answer, the
/// citations its [n] markers point at, and the answer mode (extractive, generative or not-found).
/// </summary>
public sealed record RagBotCompletionExtension(string Answer, IReadOnlyList<Citation> Citations, string Mode, string StandaloneQuery);
