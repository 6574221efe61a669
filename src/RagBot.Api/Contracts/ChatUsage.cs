using Microsoft.Extensions.AI;

namespace RagBot.Api.Contracts;

/// <summary>Token counts reported by a generative model.</summary>
public sealed record ChatUsage(long? InputTokens, long? OutputTokens, long? TotalTokens)
{
    public static ChatUsage? From(UsageDetails? usage) =>
        usage is null ? null : new ChatUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount);
}
