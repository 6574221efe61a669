using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagBot.AppState;
using RagBot.AppState.PostgreSql;
using RagBot.Hosting.Jobs;
using RagBot.Ingestion.Jobs;

namespace RagBot.Hosting.AppState;

internal static class AppStateRegistration
{
    /// <summary>
    /// Registers the app state named by <c>RagBot:AppState:Provider</c> and the ingestion worker that suits it.
    /// SQLite: one worker per data directory (<see cref="ExclusiveIngestionWorker"/>). PostgreSQL: every replica runs
    /// workers, which share the queue through leases, so no process-wide lock is taken.
    /// </summary>
    public static IHostApplicationBuilder AddRagBotAppStateProvider(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRagBotAppState();
        services.AddSingleton<IngestionJobWorker>();
        var settings = builder.Configuration.GetSection(AppStateOptions.SectionName).Get<AppStateOptions>() ?? new AppStateOptions();
        if (settings.Provider == AppStateProvider.PostgreSql)
        {
            // Originals are rows in the database; the sweep finishes before the worker starts.
            services.AddPostgreSqlAppState();
            services.AddHostedService<Maintenance.OriginalsSweepService>();
            services.AddHostedService(sp => sp.GetRequiredService<IngestionJobWorker>());
        }
        else
        {
            // Originals are files in the data directory; the sweep finishes before the worker starts.
            services.AddSingleton<IOriginalsSweep, OriginalsSweep>();
            services.AddHostedService<Maintenance.OriginalsSweepService>();
            services.AddHostedService<ExclusiveIngestionWorker>();
        }

        return builder;
    }
}
