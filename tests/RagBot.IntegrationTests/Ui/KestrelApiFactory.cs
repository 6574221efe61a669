using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Ui;

/// <summary>
/// The real API on Kestrel, listening on a free port of 127.0.0.1: a browser needs a socket, which the
/// in-memory TestServer does not have. Everything else is <see cref="RagBotApiFactory"/>'s fresh data directory.
/// </summary>
public sealed class KestrelApiFactory : RagBotApiFactory
{
    public KestrelApiFactory(IDictionary<string, string?> settings)
        : base(settings)
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Starts the server (once) and answers its address, such as http://127.0.0.1:41234.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First());
        }
    }
}
