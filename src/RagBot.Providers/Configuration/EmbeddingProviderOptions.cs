using RagBot.Providers.Caching;
using RagBot.Providers.Onnx;
using RagBot.Providers.Remote;
using RagBot.Providers.Resilience;

namespace RagBot.Providers.Configuration;

/// <summary>
/// The embedder selection and its per-provider settings (<c>RagBot:Embeddings</c>; the hashing embedder's own
/// settings are <see cref="Local.LocalEmbeddingOptions"/> under <c>RagBot:Embeddings:Local</c>).
/// </summary>
public sealed class EmbeddingProviderOptions
{
    public const string SectionName = "RagBot:Embeddings";
    public const string DefaultOpenAIModel = "text-embedding-3-small";

    /// <summary>The built-in sentence-embedding model by default (see README "Models"); <c>Hashing</c> for the lexical embedder.</summary>
    public EmbeddingProviderKind Provider { get; set; } = EmbeddingProviderKind.Onnx;

    public OnnxEmbeddingOptions Onnx { get; set; } = new();

    public OpenAIProviderOptions OpenAI { get; set; } = new() { Model = DefaultOpenAIModel };

    public AzureOpenAIProviderOptions AzureOpenAI { get; set; } = new();

    public OpenAICompatibleProviderOptions OpenAICompatible { get; set; } = new();

    public ProviderResilienceOptions Resilience { get; set; } = new() { AttemptTimeoutSeconds = 30, TotalTimeoutSeconds = 120 };

    public EmbeddingCacheOptions Cache { get; set; } = new();
}
