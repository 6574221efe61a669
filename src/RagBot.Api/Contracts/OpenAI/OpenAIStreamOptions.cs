using System.Text.Json.Serialization;

namespace RagBot.Api.Contracts.OpenAI;

/// <summary>OpenAI's <c>stream_options</c>: with <c>include_usage</c> a last chunk carries the token usage.</summary>
public sealed record OpenAIStreamOptions
{
    [JsonPropertyName("include_usage")]
    public bool? IncludeUsage { get; init; }
}
