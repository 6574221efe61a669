using System.Net;
using System.Net.Sockets;

namespace RagBot.Bench.Load;

/// <summary>
/// The API replicas a load run talks to: N hosts in this process (<see cref="LoadServer"/>), or with
/// <c>--processes</c> N real API processes (<c>dotnet RagBot.Api.dll</c>, as deployed) plus, unless a vector store is
/// named, the Qdrant stand-in as one more process that every replica uses.
/// </summary>
internal sealed class LoadReplicas : IAsyncDisposable
{
    private static readonly TimeSpan StartGiveUpAfter = TimeSpan.FromMinutes(2);
    private readonly List<IAsyncDisposable> _owned = [];

    public List<Uri> Addresses { get; } = [];

    public static async Task<LoadReplicas> StartAsync(int count, bool processes, string root, Dictionary<string, string?> settings)
    {
        var replicas = new LoadReplicas();
        if (!processes)
        {
            if (count > 1 && !settings.ContainsKey("RagBot:VectorStore:Provider"))
            {
                settings["RagBot:VectorStore:Sqlite:DatabasePath"] = Path.Combine(root, "vectors.db");
            }

            foreach (var server in Enumerable.Range(0, count).Select(r => new LoadServer(Path.Combine(root, $"data{r}"), settings)))
            {
                replicas._owned.Add(server);
                replicas.Addresses.Add(server.Start());
            }

            return replicas;
        }

        if (!settings.ContainsKey("RagBot:VectorStore:Provider"))
        {
            var qdrant = ChildProcess.Start("RagBot.QdrantStandIn", new Dictionary<string, string>());
            replicas._owned.Add(qdrant);
            var line = await qdrant.WaitForLineAsync(l => l.StartsWith("listening ", StringComparison.Ordinal), StartGiveUpAfter);
            settings["RagBot:VectorStore:Provider"] = "Qdrant";
            settings["RagBot:VectorStore:Qdrant:Url"] = line["listening ".Length..];
            Console.WriteLine($"# Qdrant stand-in process at {settings["RagBot:VectorStore:Qdrant:Url"]}");
        }

        var starting = new List<(ChildProcess Process, Uri Address)>();
        for (var r = 0; r < count; r++)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort()}");
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/'),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["RagBot__DataDirectory"] = Path.Combine(root, $"data{r}"),
                ["RagBot__Ingestion__SeedDirectory"] = "",
                ["Logging__LogLevel__Default"] = "Warning",
            };
            foreach (var (key, value) in settings)
            {
                environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
            }

            var api = ChildProcess.Start("RagBot.Api", environment);
            replicas._owned.Add(api);
            starting.Add((api, address));
        }

        foreach (var (api, address) in starting)
        {
            await WaitUntilAliveAsync(api, address);
            replicas.Addresses.Add(address);
        }

        return replicas;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    private static async Task WaitUntilAliveAsync(ChildProcess api, Uri address)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var started = DateTime.UtcNow;
        while (true)
        {
            if (api.HasExited || DateTime.UtcNow - started > StartGiveUpAfter)
            {
                throw new InvalidOperationException($"The API replica at {address} did not start:\n{api.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
