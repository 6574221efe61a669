using System.Text.Json.Serialization;

namespace RagBot.Api.Contracts.OpenAI;

/// <summary>
/// The part of OpenAI's chat completion request RagBot reads. Sampling settings (temperature, max_tokens...)
/// are accepted and ignored; system messages are ignored too, because RagBot answers under its own prompt.
/// </summary>
public sealed record OpenAIChatCompletionRequest
{
    public string? Model { get; init; }

    public IReadOnlyList<OpenAIRequestMessage>? Messages { get; init; }

    public bool? Stream { get; init; }

    [JsonPropertyName("stream_options")]
    public OpenAIStreamOptions? StreamOptions { get; init; }

    /// <summary>RagBot's extension: retrieval settings of <c>POST /api/chat</c>.</summary>
    public RagBotRequestOptions? Ragbot { get; init; }
}
