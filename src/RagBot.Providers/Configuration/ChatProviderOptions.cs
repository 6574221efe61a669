using RagBot.Providers.Remote;
using RagBot.Providers.Resilience;

namespace RagBot.Providers.Configuration;

/// <summary>The chat model selection and its per-provider settings (<c>RagBot:Chat</c>).</summary>
public sealed class ChatProviderOptions
{
    public const string SectionName = "RagBot:Chat";
    public const string DefaultOpenAIModel = "gpt-4o-mini";

    public ChatProviderKind Provider { get; set; } = ChatProviderKind.Local;

    /// <summary>
    /// When the remote chat provider is throttled or down, answer with the extractive answerer (labelled
    /// ragbot.mode=extractive, ragbot.fallback=true) instead of failing with 429/503.
    /// </summary>
    public bool FallbackToExtractive { get; set; }

    public OpenAIProviderOptions OpenAI { get; set; } = new() { Model = DefaultOpenAIModel };

    public AzureOpenAIProviderOptions AzureOpenAI { get; set; } = new();

    public OpenAICompatibleProviderOptions OpenAICompatible { get; set; } = new();

    public ProviderResilienceOptions Resilience { get; set; } = new();
}
