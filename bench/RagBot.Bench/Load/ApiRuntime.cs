using System.Diagnostics;
using System.Runtime;

namespace RagBot.Bench.Load;

/// <summary>
/// Runs <c>load</c> under the API's own runtime settings. The bench project turns tiered compilation off and server
/// GC on (steady timings for the other benchmarks), but the API ships with tiered compilation and dynamic PGO (the
/// .NET default: RagBot.Api.csproj does not change it) and workstation GC (<c>ServerGarbageCollection</c> false). Those
/// settings change a chat's CPU by a third once the code is warm (3.1-3.3 against 4.1-4.8 ms per chat, 45-60 s warm-ups,
/// 2026-12-07), so <c>load</c> re-runs itself as a child process with them unless <c>--runtime bench</c> is given.
/// </summary>
internal static class ApiRuntime
{
    private const string ChildMarker = "RAGBOT_BENCH_LOAD_API_RUNTIME";

    /// <summary>True in the child this class started (or when the caller asked for the bench's own settings).</summary>
    public static bool IsCurrent(Dictionary<string, string> options)
    {
        var runtime = options.GetValueOrDefault("runtime", "api");
        if (!runtime.Equals("api", StringComparison.OrdinalIgnoreCase) && !runtime.Equals("bench", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--runtime must be 'api' (the API's runtime settings, the default) or 'bench' (the bench's own), not '{runtime}'.");
        }

        return Environment.GetEnvironmentVariable(ChildMarker) == "1" || runtime.Equals("bench", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>How this process runs, for the header line.</summary>
    public static string Describe() =>
        Environment.GetEnvironmentVariable(ChildMarker) == "1"
            ? $"runtime=api (tiered compilation with dynamic PGO, server_gc={GCSettings.IsServerGC})"
            : $"runtime=bench (tiered compilation off, server_gc={GCSettings.IsServerGC})";

    /// <summary>Runs <c>load</c> with <paramref name="args"/> in a child process under the API's settings; returns its exit code.</summary>
    public static async Task<int> RunAsChildAsync(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(typeof(ApiRuntime).Assembly.Location);
        start.ArgumentList.Add("load");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Environment variables override the bench's runtimeconfig.json.
        start.Environment["DOTNET_TieredCompilation"] = "1";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment[ChildMarker] = "1";
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the load bench's child process.");
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
