using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Providers.Local;

namespace RagBot.Providers;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the chat model and the embedder. Configuration:
    /// <code>"RagBot": { "Chat": { "Provider": "Local", "Extractive": { "MaxSentences": 3, "MinCoverage": 0.5 } },
    ///                   "Embeddings": { "Provider": "Local", "Local": { "Dimensions": 768 } } }</code>
    /// </summary>
    public static IServiceCollection AddRagBotProviders(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<LocalEmbeddingOptions>().BindConfiguration(LocalEmbeddingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExtractiveAnswererOptions>().BindConfiguration(ExtractiveAnswererOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>, HashingEmbeddingGenerator>();
        services.AddSingleton<IChatClient, ExtractiveChatClient>();
        return services;
    }
}
