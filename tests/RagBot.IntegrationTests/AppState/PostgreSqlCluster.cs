using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

[assembly: AssemblyFixture(typeof(RagBot.IntegrationTests.AppState.PostgreSqlCluster))]

namespace RagBot.IntegrationTests.AppState;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test run: Debian's binaries (<c>initdb</c>, <c>pg_ctl</c>) start it in
/// a temporary directory on a free port (as the unprivileged <c>postgres</c> user when the tests run as root, since
/// PostgreSQL refuses to run as root), without durability (fsync off) since it is thrown away. Each test class gets
/// its own database. Where the binaries are missing, <see cref="RequireAsync"/> reports the test skipped with the
/// install command.
/// </summary>
public sealed class PostgreSqlCluster : IAsyncLifetime
{
    public const string SkipReason =
        "PostgreSQL binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin: install them with `apt-get update && apt-get install -y postgresql` (CI's .ci/run does).";

    private const string User = "ragbot";
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _databases = new(StringComparer.Ordinal);
    private readonly string? _bin = FindBinaries();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ragbot-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private Task? _started;
    private int _port;
    private volatile bool _stopped;

    private static bool IsRoot => Environment.UserName == "root";

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Starts the cluster on first use (only runs that include a PostgreSQL test pay for it) and returns a connection string to a new database named after <paramref name="owner"/>; skips the test when PostgreSQL is not installed.</summary>
    public async Task<string> RequireAsync(string owner)
    {
        Assert.SkipWhen(_bin is null, SkipReason);
        lock (_databases)
        {
            _started ??= Task.Run(StartAsync);
        }

        await _started.ConfigureAwait(false);
        return await _databases.GetOrAdd(owner, name => new Lazy<Task<string>>(() => CreateDatabaseAsync(name))).Value.ConfigureAwait(false);
    }

    /// <summary>Stops the server (fast shutdown: connections are closed), as an outage would; <see cref="StartAgainAsync"/> brings it back on the same port.</summary>
    public async Task StopAsync()
    {
        await RunAsync(Path.Combine(_bin!, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        _stopped = true;
    }

    public async Task StartAgainAsync()
    {
        await StartServerAsync().ConfigureAwait(false);
        _stopped = false;
    }

    /// <summary>A connection string to the cluster's maintenance database (to create, inspect or drop databases).</summary>
    public string AdminConnectionString => Connection("postgres");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_started is { IsCompletedSuccessfully: true } && !_stopped)
        {
            NpgsqlConnection.ClearAllPools();
            await RunAsync(Path.Combine(_bin!, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "stop"], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private async Task StartAsync()
    {
        Directory.CreateDirectory(_directory);
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _directory], TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        await RunAsync(Path.Combine(_bin!, "initdb"), ["-D", DataDirectory, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"], TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        _port = FreePort();
        await StartServerAsync().ConfigureAwait(false);
    }

    private async Task StartServerAsync()
    {
        var settings = $"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await RunAsync(Path.Combine(_bin!, "pg_ctl"), ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-o", settings, "-w", "-t", "60", "start"], TimeSpan.FromSeconds(90)).ConfigureAwait(false);
    }

    private async Task<string> CreateDatabaseAsync(string owner)
    {
        var letters = new string(owner.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        var name = "t_" + letters[..Math.Min(letters.Length, 40)] + "_" + Guid.NewGuid().ToString("N")[..6];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return Connection(name);
    }

    private string Connection(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Database = database,
        Username = User,
        Timeout = 30,
    }.ConnectionString;

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(IsRoot && program != "chown" ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (IsRoot && program != "chown")
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)} {await output.ConfigureAwait(false)}");
        }
    }

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
