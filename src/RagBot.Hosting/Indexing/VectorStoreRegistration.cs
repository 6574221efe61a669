using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.AppState;

namespace RagBot.Hosting.Indexing;

internal static class VectorStoreRegistration
{
    /// <summary>Registers the <see cref="VectorStore"/> named by <c>RagBot:VectorStore:Provider</c>.</summary>
    public static IHostApplicationBuilder AddRagBotVectorStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VectorStoreSettings>().BindConfiguration(VectorStoreSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var settings = builder.Configuration.GetSection(VectorStoreSettings.SectionName).Get<VectorStoreSettings>() ?? new VectorStoreSettings();
        switch (settings.Provider)
        {
            case VectorStoreProvider.Qdrant:
                throw new NotSupportedException("The Qdrant vector store is not wired in yet.");
            default:
                builder.Services.AddSingleton<VectorStore>(sp =>
                {
                    var dataDirectory = sp.GetRequiredService<IOptions<DataDirectoryOptions>>().Value.FullPath;
                    return RagBot.VectorData.Sqlite.SqliteVectorStoreFactory.Open(Path.Combine(dataDirectory, "vectors.db"));
                });
                break;
        }

        return builder;
    }
}
