using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Indexing;

namespace RagBot.Hosting.Indexing;

internal static class IndexGenerationRegistration
{
    /// <summary>Index generations: the active-collection provider, reindex, and the embedded store's keyword-only search.</summary>
    public static IServiceCollection AddRagBotIndexGenerations(this IServiceCollection services)
    {
        services.AddOptions<ReindexOptions>().BindConfiguration(ReindexOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CurrentIndexSpecification>();
        services.AddSingleton<ChunkCollectionProvider>();
        services.AddSingleton<IChunkCollectionProvider>(sp => sp.GetRequiredService<ChunkCollectionProvider>());
        services.AddSingleton<IKeywordChunkSearch, SqliteKeywordChunkSearch>();
        services.AddSingleton<IndexReindexer>();
        services.AddSingleton<BackgroundReindex>();
        services.AddHostedService<AutomaticReindexService>();
        return services;
    }
}
