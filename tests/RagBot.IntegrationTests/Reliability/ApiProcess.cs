using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// The built RagBot.Api run as a real child process (<c>dotnet RagBot.Api.dll</c>) on 127.0.0.1 over a given data
/// directory, configured only through environment variables, so a test can SIGKILL it like a crashing server.
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    // A safety net against a server that never comes up, not a speed assertion.
    private static readonly TimeSpan StartGiveUpAfter = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <summary>What the server wrote to stdout and stderr (shown when a test fails).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ApiProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ApiAssemblyPath())!,
        };
        start.ArgumentList.Add(ApiAssemblyPath());
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["RagBot__DataDirectory"] = dataDirectory;
        start.Environment["RagBot__Ingestion__SeedDirectory"] = "";
        start.Environment["RagBot__Embeddings__Provider"] = "Hashing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => api.Append(e.Data);
        process.ErrorDataReceived += (_, e) => api.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await api.WaitUntilAliveAsync(cancellationToken);
        return api;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no graceful requeue.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
        _process.Dispose();
    }

    private static string ApiAssemblyPath() => BuiltAssembly.PathOf("RagBot.Api", "RagBot.Api.dll");

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilAliveAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"RagBot.Api exited with code {_process.ExitCode} before it answered:\n{Output}");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (started.Elapsed > StartGiveUpAfter)
            {
                throw new TimeoutException($"RagBot.Api did not answer /health:\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
