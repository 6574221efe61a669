namespace RagBot.Api.Contracts.OpenAI;

/// <summary>A choice of a <c>chat.completion</c> (RagBot always returns exactly one).</summary>
public sealed record OpenAIChoice(int Index, OpenAIResponseMessage Message, string FinishReason)
{
    public object? Logprobs => null;
}
