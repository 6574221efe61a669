using System.Text.Json.Serialization;

namespace RagBot.Api.Contracts.OpenAI;

/// <summary>A <c>chat.completion</c> object, plus RagBot's <c>ragbot</c> extension (citations and mode).</summary>
public sealed record OpenAIChatCompletion(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<OpenAIChoice> Choices,
    OpenAIUsage? Usage,
    RagBotCompletionExtension Ragbot)
{
    [JsonPropertyOrder(-1)]
    public string Object => "chat.completion";

    public string? SystemFingerprint => null;
}
