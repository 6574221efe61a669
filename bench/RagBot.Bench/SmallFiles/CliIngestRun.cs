using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RagBot.Bench.SmallFiles;

/// <summary>
/// One <c>ragbot ingest &lt;folder&gt; --output json</c> as a child process (the real CLI path) into a fresh data
/// directory: its own timing from the JSON summary, the process's wall time, and its CPU time when
/// <c>/usr/bin/time</c> is there to read it (Linux).
/// </summary>
internal static class CliIngestRun
{
    private const string TimeTool = "/usr/bin/time";

    public static async Task<string> RunAsync(string cliDll, string corpus, string dataDirectory, IReadOnlyList<string> extraArgs, IReadOnlyDictionary<string, string> environment)
    {
        var cpuFile = dataDirectory + ".cpu";
        var useTime = File.Exists(TimeTool);
        var start = new ProcessStartInfo(useTime ? TimeTool : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Not the corpus's parent: the host watches its content root's files for configuration changes.
            WorkingDirectory = Path.GetDirectoryName(cliDll)!,
        };
        if (useTime)
        {
            foreach (var arg in new[] { "-f", "%U %S", "-o", cpuFile, "dotnet" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in new[] { cliDll, "ingest", corpus, "--data-dir", dataDirectory, "--output", "json" }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var wall = clock.Elapsed.TotalSeconds;
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ragbot ingest exited with {process.ExitCode}:\n{output}\n{await stderr}");
        }

        using var summary = JsonDocument.Parse(output);
        var root = summary.RootElement;
        var seconds = root.GetProperty("seconds").GetDouble();
        var documents = root.GetProperty("added").GetInt32() + root.GetProperty("updated").GetInt32() + root.GetProperty("unchanged").GetInt32();
        var cpu = useTime && File.Exists(cpuFile) ? File.ReadAllText(cpuFile).Trim().Split(' ') : ["?", "?"];
        return string.Create(CultureInfo.InvariantCulture,
            $"documents={documents} failed={root.GetProperty("failed").GetInt32()} chunks={root.GetProperty("chunks").GetInt64()} ingest_s={seconds:F2} ms_per_file={seconds * 1000 / Math.Max(1, documents):F2} process_wall_s={wall:F2} cpu_user_s={cpu[0]} cpu_sys_s={cpu[^1]}");
    }
}
