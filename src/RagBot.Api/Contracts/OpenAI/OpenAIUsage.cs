using Microsoft.Extensions.AI;

namespace RagBot.Api.Contracts.OpenAI;

/// <summary>Token usage in OpenAI's shape (zeros when the model reported none, e.g. the extractive answerer).</summary>
public sealed record OpenAIUsage(long PromptTokens, long CompletionTokens, long TotalTokens)
{
    public static OpenAIUsage From(UsageDetails? usage) => new(
        usage?.InputTokenCount ?? 0,
        usage?.OutputTokenCount ?? 0,
        usage?.TotalTokenCount ?? (usage?.InputTokenCount ?? 0) + (usage?.OutputTokenCount ?? 0));
}
