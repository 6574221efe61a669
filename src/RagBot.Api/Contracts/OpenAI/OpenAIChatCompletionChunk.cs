using System.Text.Json.Serialization;

namespace RagBot.Api.Contracts.OpenAI;

/// <summary>A <c>chat.completion.chunk</c>; the chunk that finishes the answer carries the <c>ragbot</c> extension.</summary>
public sealed record OpenAIChatCompletionChunk(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<OpenAIChunkChoice> Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OpenAIUsage? Usage = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RagBotCompletionExtension? Ragbot = null)
{
    [JsonPropertyOrder(-1)]
    public string Object => "chat.completion.chunk";

    public string? SystemFingerprint => null;
}
