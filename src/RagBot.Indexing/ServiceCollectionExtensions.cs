using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Indexing;

namespace RagBot.Indexing;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the index lifecycle: index generations and the active collection, committing a document version,
    /// reindex (on request and automatic). Needs an <see cref="IDocumentChunkWriter"/> (ingestion), an
    /// <see cref="IIndexGenerationStore"/> and <see cref="IReindexLockProvider"/> (app state), a
    /// <see cref="Microsoft.Extensions.VectorData.VectorStore"/>, and where the store has aliases an <see cref="IIndexAlias"/>.
    /// Configuration:
    /// <code>"RagBot": { "VectorStore": { "CollectionName": "ragbot-chunks" }, "Reindex": { "RetireDelaySeconds": 2, "Automatic": true } }</code>
    /// </summary>
    public static IServiceCollection AddRagBotIndexing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<VectorStoreSettings>().BindConfiguration(VectorStoreSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReindexOptions>().BindConfiguration(ReindexOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CurrentIndexSpecification>();
        services.AddSingleton<ChunkCollectionProvider>();
        services.AddSingleton<IChunkCollectionProvider>(sp => sp.GetRequiredService<ChunkCollectionProvider>());
        services.AddSingleton<DocumentVersionCommitter>();
        services.AddSingleton<IndexReindexer>();
        services.AddSingleton<BackgroundReindex>();
        services.AddSingleton<IIndexAdministration, IndexAdministration>();
        services.AddHostedService<AutomaticReindexService>();
        return services;
    }
}
