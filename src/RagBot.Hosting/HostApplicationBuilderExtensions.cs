using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagBot.Chat;
using RagBot.Hosting.AppState;
using RagBot.Hosting.Configuration;
using RagBot.Hosting.Health;
using RagBot.Hosting.Memory;
using RagBot.Hosting.Seeding;
using RagBot.Hosting.Telemetry;
using RagBot.Hosting.VectorStores;
using RagBot.Indexing;
using RagBot.Ingestion;
using RagBot.Providers;
using RagBot.Retrieval;

namespace RagBot.Hosting;

public static class HostApplicationBuilderExtensions
{
    /// <summary>
    /// The composition root shared by the API and the CLI: app state, providers, the vector store chosen by
    /// <c>RagBot:VectorStore:Provider</c>, indexing, ingestion, retrieval, chat and health checks.
    /// </summary>
    public static IHostApplicationBuilder AddRagBot(this IHostApplicationBuilder builder, bool seedSampleCorpus = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        SqliteLibrarySettings.EnsureApplied(); // before anything opens a SQLite connection
        builder.AddRagBotAppStateProvider();
        services.AddRagBotProviders();
        services.ConfigureOptions<EmbedderChunkingDefaults>();
        services.AddRagBotIngestion();
        // Before AddRagBotRetrieval binds RagBot:Retrieval, so explicit settings override the embedder's defaults.
        services.ConfigureOptions<EmbedderRetrievalDefaults>();
        services.AddRagBotRetrieval();
        services.AddRagBotChat();
        builder.AddRagBotVectorStore();
        services.AddRagBotIndexing();
        builder.AddRagBotTelemetry();
        services.AddRagBotMemoryTrimming();
        if (seedSampleCorpus)
        {
            services.AddHostedService<SeedCorpusService>();
        }

        services.AddHealthChecks()
            .AddCheck<AppStateHealthCheck>("app-state", tags: [RagBotHealthChecks.ReadyTag])
            .AddCheck<VectorStoreHealthCheck>("vector-store", tags: [RagBotHealthChecks.ReadyTag])
            .AddRagBotModelProviderChecks();
        return builder;
    }
}
