using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RagBot.Providers.Configuration;

namespace RagBot.Hosting.Health;

public static class HealthChecksBuilderExtensions
{
    /// <summary>
    /// Readiness of the configured chat model ("chat-model") and embedder ("embedding-model"). Configuration:
    /// <code>"RagBot": { "Health": { "ProbeTimeoutSeconds": 5, "ProbeCacheSeconds": 30 } }</code>
    /// </summary>
    public static IHealthChecksBuilder AddRagBotModelProviderChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ProviderProbeOptions>().BindConfiguration(ProviderProbeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(ModelProviderProbe.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ModelProviderProbe>();
        builder.Add(new HealthCheckRegistration(
            "chat-model",
            sp => new ModelProviderHealthCheck(sp.GetRequiredService<ModelProviderProbe>(), ModelEndpoints.ForChat(sp.GetRequiredService<IOptions<ChatProviderOptions>>().Value)),
            failureStatus: null,
            tags: [RagBotHealthChecks.ReadyTag]));
        builder.Add(new HealthCheckRegistration(
            "embedding-model",
            sp => new ModelProviderHealthCheck(sp.GetRequiredService<ModelProviderProbe>(), ModelEndpoints.ForEmbeddings(sp.GetRequiredService<IOptions<EmbeddingProviderOptions>>().Value)),
            failureStatus: null,
            tags: [RagBotHealthChecks.ReadyTag]));
        return builder;
    }
}
