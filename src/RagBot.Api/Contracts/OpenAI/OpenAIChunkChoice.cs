namespace RagBot.Api.Contracts.OpenAI;

/// <summary>A choice of a chunk: the text delta, and the finish reason on the last one.</summary>
public sealed record OpenAIChunkChoice(int Index, OpenAIDelta Delta, string? FinishReason)
{
    public object? Logprobs => null;
}
