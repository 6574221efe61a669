using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Jobs;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Ingestion;

/// <summary>
/// The real API over a given data directory (so a second host can reopen the first one's files), with retries
/// immediate, the embedder wrapped in a <see cref="FaultyEmbedder"/> and the job store in a <see cref="HoldingJobStore"/>.
/// </summary>
internal sealed class JobsApiFactory : RagBotApiFactory
{
    public JobsApiFactory(string dataDirectory, IDictionary<string, string?>? settings = null)
        : base(Settings(dataDirectory, settings))
    {
        SharedDataDirectory = dataDirectory;
    }

    public string SharedDataDirectory { get; }

    public FaultyEmbedder Embedder => Services.GetRequiredService<FaultyEmbedder>();

    public HoldingJobStore JobStore => Services.GetRequiredService<HoldingJobStore>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(IEmbeddingGenerator<string, Embedding<float>>));
            services.Remove(real);
            services.AddSingleton(sp => new FaultyEmbedder(Resolve<IEmbeddingGenerator<string, Embedding<float>>>(real, sp)));
            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<FaultyEmbedder>());
            var store = services.Last(d => d.ServiceType == typeof(IIngestionJobStore));
            services.Remove(store);
            services.AddSingleton(sp => new HoldingJobStore(Resolve<IIngestionJobStore>(store, sp)));
            services.AddSingleton<IIngestionJobStore>(sp => sp.GetRequiredService<HoldingJobStore>());
        });
    }

    private static T Resolve<T>(ServiceDescriptor descriptor, IServiceProvider services) =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    private static Dictionary<string, string?> Settings(string dataDirectory, IDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RagBot:DataDirectory"] = dataDirectory,
            ["RagBot:Ingestion:RetryDelaySeconds"] = "0",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
