using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RagBot.Core.Chat;
using RagBot.Core.Documents;
using RagBot.Core.Indexing;
using RagBot.Core.Jobs;

namespace RagBot.AppState;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the app-state database (documents, jobs, sessions, index generations). Configuration:
    /// <code>"RagBot": { "DataDirectory": "ragbot-data" }</code>
    /// </summary>
    public static IServiceCollection AddRagBotAppState(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DataDirectoryOptions>().BindConfiguration(DataDirectoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AppStateDatabase>();
        services.AddSingleton<IDocumentCatalog, SqliteDocumentCatalog>();
        services.AddSingleton<IOriginalStore, FileOriginalStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IChatSessionStore, SqliteChatSessionStore>();
        services.AddSingleton<IIndexGenerationStore, IndexGenerationStore>();
        services.AddSingleton<IReindexLockProvider, FileReindexLock>();
        services.AddSingleton<IAppStateProbe, SqliteAppStateProbe>();
        services.AddOptions<AppStateOptions>().BindConfiguration(AppStateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IIngestionJobStore, SqliteJobStore>();
        return services;
    }
}
