using Microsoft.Extensions.DependencyInjection;

namespace RagBot.Retrieval;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers retrieval. Configuration:
    /// <code>"RagBot": { "Retrieval": { "TopK": 5, "Candidates": 40, "MinRelevance": 0.12, "DuplicateSimilarity": 0.85, "Mode": "Hybrid", "RrfK": 60, "VectorWeight": 0.15, "KeywordWeight": 1.0 } }</code>
    /// </summary>
    public static IServiceCollection AddRagBotRetrieval(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RetrievalOptions>().BindConfiguration(RetrievalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RelevanceGate>();
        services.AddSingleton<HybridRetriever>();
        return services;
    }
}
