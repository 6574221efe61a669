using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Providers;

namespace RagBot.UnitTests.Providers;

/// <summary>Builds the providers exactly as a host would: configuration in, AddRagBotProviders, resolve.</summary>
internal static class ProviderTestHost
{
    /// <summary>Fast retries so tests of the retry path do not wait.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastRetries = new Dictionary<string, string?>
    {
        ["RagBot:Chat:Resilience:BaseDelaySeconds"] = "0.01",
        ["RagBot:Chat:Resilience:MaxRetries"] = "2",
        ["RagBot:Embeddings:Resilience:BaseDelaySeconds"] = "0.01",
        ["RagBot:Embeddings:Resilience:MaxRetries"] = "2",
    };

    public static ServiceProvider Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var merged = new Dictionary<string, string?>(FastRetries, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(merged).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddRagBotProviders();
        return services.BuildServiceProvider();
    }
}
