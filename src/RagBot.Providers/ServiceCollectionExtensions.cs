using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RagBot.Core.Embeddings;
using RagBot.Providers.Configuration;
using RagBot.Providers.Local;
using RagBot.Providers.Resilience;

namespace RagBot.Providers;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the chat model (<see cref="IChatClient"/>) and the embedder
    /// (<see cref="IEmbeddingGenerator{String, Embedding}"/>), each chosen by configuration alone and validated at
    /// start. Needs an <c>IConfiguration</c> in the container (any host provides one). Shape:
    /// <code>"RagBot": {
    ///   "DataDirectory": "ragbot-data",
    ///   "Chat": { "Provider": "Local|OpenAI|AzureOpenAI|OpenAICompatible", "FallbackToExtractive": false,
    ///             "Extractive": { "MaxSentences": 3 }, "OpenAI": { "ApiKey": "sk-...", "Model": "gpt-4o-mini" },
    ///             "AzureOpenAI": { "Endpoint": "https://x.openai.azure.com/", "Deployment": "gpt-4o-mini", "ApiKey": "...", "ApiVersion": "2024-10-21" },
    ///             "OpenAICompatible": { "BaseUrl": "http://localhost:11434/v1", "Model": "llama3.1", "ApiKey": null },
    ///             "Resilience": { "AttemptTimeoutSeconds": 60, "MaxRetries": 3 } },
    ///   "Embeddings": { "Provider": "Local|Onnx|OpenAI|AzureOpenAI|OpenAICompatible", "Local": { "Dimensions": 768 },
    ///                   "Onnx": { "ModelPath": "models/all-MiniLM-L6-v2/model.onnx", "VocabPath": "models/all-MiniLM-L6-v2/vocab.txt", "Pooling": "Mean" },
    ///                   "OpenAI": { "ApiKey": "sk-...", "Model": "text-embedding-3-small" },
    ///                   "Cache": { "Enabled": true, "Path": null } } }</code>
    /// </summary>
    public static IServiceCollection AddRagBotProviders(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.AddOptions<LocalEmbeddingOptions>().BindConfiguration(LocalEmbeddingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExtractiveAnswererOptions>().BindConfiguration(ExtractiveAnswererOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChatProviderOptions>().BindConfiguration(ChatProviderOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmbeddingProviderOptions>().BindConfiguration(EmbeddingProviderOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatProviderOptions>, ChatProviderOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddingProviderOptions>, EmbeddingProviderOptionsValidator>());

        ProviderHttpClients.Add(services, ProviderHttpClients.Chat, sp => sp.GetRequiredService<IOptions<ChatProviderOptions>>().Value.Resilience);
        ProviderHttpClients.Add(services, ProviderHttpClients.Embeddings, sp => sp.GetRequiredService<IOptions<EmbeddingProviderOptions>>().Value.Resilience);

        services.AddSingleton<HashingEmbeddingGenerator>();
        services.TryAddSingleton<IEmbedderCatalog, LocalEmbedderCatalog>();
        services.AddSingleton<ExtractiveChatClient>();
        services.AddSingleton(EmbeddingGeneratorFactory.Create);
        services.AddSingleton(ChatClientFactory.Create);
        return services;
    }
}
