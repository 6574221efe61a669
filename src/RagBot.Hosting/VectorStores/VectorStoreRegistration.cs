using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RagBot.AppState;
using RagBot.Core.Indexing;
using RagBot.Indexing;
using RagBot.VectorData.Qdrant;
using RagBot.VectorData.Sqlite;

namespace RagBot.Hosting.VectorStores;

internal static class VectorStoreRegistration
{
    /// <summary>
    /// Registers the <see cref="Microsoft.Extensions.VectorData.VectorStore"/> named by <c>RagBot:VectorStore:Provider</c>
    /// and that store's adapters for the index lifecycle (Qdrant: the collection alias readers follow).
    /// </summary>
    public static IHostApplicationBuilder AddRagBotVectorStore(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(VectorStoreSettings.SectionName).Get<VectorStoreSettings>() ?? new VectorStoreSettings();
        switch (settings.Provider)
        {
            case VectorStoreProvider.Qdrant:
                builder.Services.AddQdrantVectorStore();
                builder.Services.AddSingleton<IIndexAlias>(sp => new QdrantIndexAlias(
                    sp.GetRequiredService<QdrantVectorStore>(), sp.GetRequiredService<IOptions<VectorStoreSettings>>().Value.CollectionName + "-active"));
                break;
            default:
                builder.Services.AddSqliteVectorStore();
                if (string.IsNullOrWhiteSpace(builder.Configuration[SqliteVectorStoreOptions.SectionName + ":DatabasePath"]))
                {
                    // Unless set explicitly, the vector file lives in the data directory next to the app state.
                    builder.Services.AddOptions<SqliteVectorStoreOptions>()
                        .Configure<IOptions<DataDirectoryOptions>>((store, data) => store.DatabasePath = Path.Combine(data.Value.FullPath, "vectors.db"));
                }

                break;
        }

        return builder;
    }
}
