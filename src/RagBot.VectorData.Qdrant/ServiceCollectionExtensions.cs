using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using Polly;

namespace RagBot.VectorData.Qdrant;

public static class ServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient the store uses (its resilience pipeline retries 408/429/5xx with jitter).</summary>
    public const string HttpClientName = "RagBot.Qdrant";

    /// <summary>
    /// Registers <see cref="QdrantVectorStore"/> (also as <see cref="VectorStore"/>) with options validated at start.
    /// Configuration shape:
    /// <code>
    /// "RagBot": { "VectorStore": { "Provider": "Qdrant", "Qdrant": {
    ///   "Url": "http://localhost:6333", "ApiKey": null, "CollectionPrefix": "", "Timeout": "00:00:30",
    ///   "MaxRetries": 3, "RetryBaseDelay": "00:00:00.500", "UpsertBatchSize": 256,
    ///   "Bm25": { "K1": 1.2, "B": 0.75, "AverageDocumentLength": 256 } } } }
    /// </code>
    /// </summary>
    public static IServiceCollection AddQdrantVectorStore(
        this IServiceCollection services, string configSectionPath = QdrantOptions.SectionName, Action<QdrantOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(configSectionPath);

        var options = services.AddOptions<QdrantOptions>().BindConfiguration(configSectionPath).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QdrantOptions>, QdrantOptionsValidator>());

        services.AddHttpClient(HttpClientName, (provider, http) =>
            {
                var url = provider.GetRequiredService<IOptions<QdrantOptions>>().Value.Url;
                http.BaseAddress = url is null ? null : Internals.Http.QdrantRestClient.WithTrailingSlash(url);
                http.Timeout = Timeout.InfiniteTimeSpan; // per-attempt timeouts come from the resilience pipeline
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddResilienceHandler("qdrant", (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<QdrantOptions>>().Value;
                if (settings.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = settings.MaxRetries,
                        Delay = settings.RetryBaseDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                    });
                }

                pipeline.AddTimeout(settings.Timeout);
            });

        // Singleton over a pooled handler with a bounded connection lifetime, so DNS changes are still picked up.
        services.AddSingleton(provider => new QdrantVectorStore(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<IOptions<QdrantOptions>>().Value,
            provider.GetService<ILogger<QdrantVectorStore>>()));
        services.AddSingleton<VectorStore>(provider => provider.GetRequiredService<QdrantVectorStore>());
        return services;
    }
}
