extern alias RagBotApi;

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace RagBot.Bench.Load;

/// <summary>
/// The real RagBot API (its own Program: middleware, auth, rate limits, endpoints) hosted in this process on
/// Kestrel at 127.0.0.1 with a free port, over a fresh data directory, with the local embedder and answerer.
/// </summary>
internal sealed class LoadServer : WebApplicationFactory<RagBotApi::Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public LoadServer(string dataDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        var merged = new Dictionary<string, string?>
        {
            ["RagBot:DataDirectory"] = dataDirectory,
            ["RagBot:Ingestion:SeedDirectory"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }

        _settings = merged;

        // The API has no files of its own beyond what is copied next to this benchmark (prompts/).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_RAGBOT_API", AppContext.BaseDirectory);
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Starts Kestrel and returns the address it listens on.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        return new Uri(addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
