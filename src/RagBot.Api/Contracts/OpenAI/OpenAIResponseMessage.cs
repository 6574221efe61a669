namespace RagBot.Api.Contracts.OpenAI;

/// <summary>The assistant message of a completion.</summary>
public sealed record OpenAIResponseMessage(string Role, string Content)
{
    public string? Refusal => null;
}
