using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagBot.Providers.Caching;
using RagBot.Providers.Configuration;
using RagBot.Providers.Local;
using RagBot.Providers.Onnx;
using RagBot.Providers.Remote;
using RagBot.Providers.Resilience;

namespace RagBot.Providers;

/// <summary>
/// Builds the configured embedder as an M.E.AI pipeline:
/// [persistent cache] → logging → OpenTelemetry → provider (remote ones wrapped by provider-error translation).
/// </summary>
internal static class EmbeddingGeneratorFactory
{
    public const string DataDirectoryKey = "RagBot:DataDirectory";
    public const string DefaultDataDirectory = "ragbot-data";
    public const string CacheFileName = "embedding-cache.db";

    public static IEmbeddingGenerator<string, Embedding<float>> Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmbeddingProviderOptions>>().Value;
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        IEmbeddingGenerator<string, Embedding<float>> provider = options.Provider switch
        {
            EmbeddingProviderKind.Hashing => services.GetRequiredService<HashingEmbeddingGenerator>(),
            EmbeddingProviderKind.Onnx => new OnnxEmbeddingGenerator(options.Onnx),
            _ => RemoteEmbeddingGenerators.Create(options, services.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderHttpClients.Embeddings)),
        };

        var builder = new EmbeddingGeneratorBuilder<string, Embedding<float>>(provider);
        // The hashing embedder takes ~0.2 ms a chunk: caching it would make first ingestion ~3x slower (SQLite
        // writes) to save ~0.15 ms a chunk on reindex (figures in docs/guide/providers.md), so it is never cached.
        if (options.Cache.Enabled && options.Provider != EmbeddingProviderKind.Hashing)
        {
            var store = new SqliteEmbeddingStore(CachePath(options.Cache, services.GetService<IConfiguration>()));
            builder.Use(inner => new PersistentEmbeddingCacheGenerator(inner, store, loggerFactory.CreateLogger<PersistentEmbeddingCacheGenerator>()));
        }

        return builder.UseLogging(loggerFactory).UseOpenTelemetry(loggerFactory).Build(services);
    }

    public static string CachePath(EmbeddingCacheOptions cache, IConfiguration? configuration)
    {
        if (!string.IsNullOrWhiteSpace(cache.Path))
        {
            return cache.Path;
        }

        var dataDirectory = configuration?[DataDirectoryKey];
        return Path.Combine(string.IsNullOrWhiteSpace(dataDirectory) ? DefaultDataDirectory : dataDirectory, CacheFileName);
    }
}
