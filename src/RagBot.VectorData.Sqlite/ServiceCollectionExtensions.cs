using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Sqlite;

/// <summary>DI registration of the embedded SQLite vector store.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteVectorStore"/> as the singleton <see cref="VectorStore"/>, configured from
    /// <c>RagBot:VectorStore:Sqlite</c>:
    /// <code>
    /// "RagBot": { "VectorStore": { "Sqlite": { "DatabasePath": "data/vectors.db", "Quantization": "None" } } }
    /// </code>
    /// </summary>
    public static IServiceCollection AddSqliteVectorStore(this IServiceCollection services, Action<SqliteVectorStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SqliteVectorStoreOptions>()
            .BindConfiguration(SqliteVectorStoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteVectorStoreOptions>, SqliteVectorStoreOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(sp => new SqliteVectorStore(sp.GetRequiredService<IOptions<SqliteVectorStoreOptions>>().Value));
        services.TryAddSingleton<VectorStore>(sp => sp.GetRequiredService<SqliteVectorStore>());
        return services;
    }

    /// <summary>Registers the store on the given file (other settings still bind from configuration).</summary>
    public static IServiceCollection AddSqliteVectorStore(this IServiceCollection services, string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return services.AddSqliteVectorStore(o => o.DatabasePath = databasePath);
    }
}
