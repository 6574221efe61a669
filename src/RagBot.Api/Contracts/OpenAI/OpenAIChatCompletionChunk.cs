namespace RagBot.Api.Contracts.OpenAI;

/// <summary>A <c>chat.completion.chunk</c>; the chunk that finishes the answer carries the <c>ragbot</c> extension.</summary>
public sealed record OpenAIChatCompletionChunk(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<OpenAIChunkChoice> Choices,
    OpenAIUsage? Usage = null,
    RagBotCompletionExtension? Ragbot = null)
{
    public string Object => "chat.completion.chunk";

    public string? SystemFingerprint => null;
}
