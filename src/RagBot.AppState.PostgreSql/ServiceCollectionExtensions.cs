using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RagBot.Core.Chat;
using RagBot.Core.Documents;
using RagBot.Core.Indexing;
using RagBot.Core.Jobs;

namespace RagBot.AppState.PostgreSql;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the SQLite app state (registered by <c>AddRagBotAppState</c>) with PostgreSQL: documents, jobs (with
    /// leases renewed in the background), sessions, index generations, reindex lock and originals. Configuration:
    /// <code>"RagBot": { "AppState": { "Provider": "PostgreSql", "PostgreSql": { "ConnectionString": "Host=db;Database=ragbot;Username=ragbot;Password=...", "JobLeaseSeconds": 30 } } }</code>
    /// </summary>
    public static IServiceCollection AddPostgreSqlAppState(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PostgreSqlAppStateOptions>().BindConfiguration(PostgreSqlAppStateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlAppStateOptions>, PostgreSqlAppStateOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PostgreSqlAppStateDatabase>();
        services.AddSingleton<PostgreSqlJobStore>();
        services.Replace(ServiceDescriptor.Singleton<IIngestionJobStore>(sp => sp.GetRequiredService<PostgreSqlJobStore>()));
        services.Replace(ServiceDescriptor.Singleton<IDocumentCatalog, PostgreSqlDocumentCatalog>());
        services.Replace(ServiceDescriptor.Singleton<IOriginalStore, PostgreSqlOriginalStore>());
        services.Replace(ServiceDescriptor.Singleton<IChatSessionStore, PostgreSqlChatSessionStore>());
        services.Replace(ServiceDescriptor.Singleton<IIndexGenerationStore, PostgreSqlIndexGenerationStore>());
        services.Replace(ServiceDescriptor.Singleton<IAppStateProbe, PostgreSqlAppStateProbe>());
        services.Replace(ServiceDescriptor.Singleton<IReindexLockProvider, PostgreSqlReindexLock>());
        services.AddSingleton<IOriginalsSweep, PostgreSqlOriginalsSweep>();
        services.AddHostedService<PostgreSqlJobLeaseRenewer>();
        return services;
    }
}
