using System.ComponentModel.DataAnnotations;

namespace RagBot.Api.Contracts.OpenAI;

/// <summary>The <c>ragbot</c> extension of a chat completion request: tag filters and retrieval settings.</summary>
public sealed record RagBotRequestOptions
{
    [MaxLength(RequestLimits.MaxFilterTags)]
    public IReadOnlyList<string>? Filters { get; init; }

    [Range(1, 50)]
    public int? TopK { get; init; }

    [Range(-1.0, 1.0)]
    public double? MinScore { get; init; }
}
