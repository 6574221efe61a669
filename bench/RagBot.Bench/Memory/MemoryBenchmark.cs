using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RagBot.Bench.Ingest;

namespace RagBot.Bench.Memory;

/// <summary>
/// <c>memory</c>: starts the real API (the Release build's <c>RagBot.Api.dll</c>, a child process, fresh data directory,
/// sample corpus seeded) and reports its resident memory (RSS), the phase's peak RSS, the anonymous part of RSS and
/// the GC heap at: start, after one large Markdown upload (<c>?wait=true</c>), after a few chats (which load the
/// vectors into memory), after <c>POST /api/admin/reindex</c> (the old generation retired), after a chat load, and
/// after idling. Ends by checking the goals of issue #21 against the index's vector bytes.
/// Usage: <c>memory [--upload-mb 30] [--chats 400] [--clients 8] [--idle-seconds 30] [--api path/RagBot.Api.dll]
/// [--RagBot:Embeddings:Provider=Hashing ...] [--env DOTNET_GCHeapHardLimit=0x20000000 ...] [--gcdump folder]</c>.
/// <c>--gcdump</c> also saves a <c>dotnet-gcdump</c> of the heap at each moment (after reading its memory: the dump
/// forces a full collection) with the type report beside it; it needs the dotnet-gcdump tool.
/// Build the API first: <c>dotnet build -c Release src/RagBot.Api</c>.
/// </summary>
internal static class MemoryBenchmark
{
    private const long MB = 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var (options, environment) = ParseArgs(args);
        var uploadMb = int.Parse(options.GetValueOrDefault("upload-mb", "30"), CultureInfo.InvariantCulture);
        var chats = int.Parse(options.GetValueOrDefault("chats", "400"), CultureInfo.InvariantCulture);
        var clients = int.Parse(options.GetValueOrDefault("clients", "8"), CultureInfo.InvariantCulture);
        var idleSeconds = int.Parse(options.GetValueOrDefault("idle-seconds", "30"), CultureInfo.InvariantCulture);
        var apiDll = options.GetValueOrDefault("api") ?? DefaultApiPath();
        var gcdumps = options.GetValueOrDefault("gcdump");
        if (!File.Exists(apiDll))
        {
            Console.Error.WriteLine($"'{apiDll}' does not exist: run `dotnet build -c Release src/RagBot.Api` first, or pass --api.");
            return 1;
        }

        var root = Path.Combine(Path.GetTempPath(), "ragbot-bench-memory", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var uploadPath = MarkdownCorpus.Write(Path.Combine(root, "upload"), uploadMb * MB, (int)(uploadMb * MB))[0];
        Console.WriteLine($"# memory: upload={new FileInfo(uploadPath).Length / (double)MB:F1} MB chats={chats} clients={clients} idle={idleSeconds}s cores={Environment.ProcessorCount} load={LoadAverage()}");
        Console.WriteLine($"# api={apiDll} env: {string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}"))}");

        var moments = new List<MemoryMoment>();
        var status = 0;
        await using (var api = ApiProcess.Start(apiDll, Path.Combine(root, "data"), environment, Path.Combine(root, "api.log")))
        {
            using var counters = await RuntimeCounters.AttachAsync(api.Id, CancellationToken.None);
            using var http = new HttpClient { BaseAddress = api.Address, Timeout = Timeout.InfiniteTimeSpan };
            var steps = new MemorySteps(http);
            var clock = Stopwatch.StartNew();
            async Task<bool> Phase(string name, Func<Task<string>> work)
            {
                api.ResetPeak();
                clock.Restart();
                string note;
                try
                {
                    note = await work();
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or JsonException)
                {
                    note = api.HasExited ? $"API exited with code {api.ExitCode} (see {root}/api.log)" : $"failed: {ex.Message}";
                    status = 2;
                }

                await Task.Delay(TimeSpan.FromSeconds(2)); // let the runtime counters report the phase's end
                moments.Add(MemoryMoment.Read(name, api, counters, clock.Elapsed.TotalSeconds, note));
                Console.WriteLine(moments[^1].Row());
                if (gcdumps is not null && !api.HasExited)
                {
                    await GcDump.CollectAsync(api.Id, Path.Combine(gcdumps, $"{moments.Count}.gcdump"));
                }

                return status == 0;
            }

            Console.WriteLine(MemoryMoment.Header);
            _ = await Phase("start (sample corpus seeded)", steps.WaitUntilReadyAsync)
                && await Phase($"after {uploadMb} MB Markdown upload", () => steps.UploadAsync(uploadPath))
                && await Phase("after 20 chats (vectors loaded)", () => steps.ChatAsync(20, 2))
                && await Phase("after admin reindex", steps.ReindexAsync)
                && await Phase($"after {chats} chats ({clients} clients)", () => steps.ChatAsync(chats, clients))
                && await Phase($"after {idleSeconds} s idle", async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
                    return "";
                });
            if (status == 0)
            {
                status = Report(moments, await steps.IndexVectorBytesAsync());
            }
        }

        TryDelete(root);
        return status;
    }

    /// <summary>Prints the goals of issue #21 against what was measured; 0 when all hold.</summary>
    private static int Report(List<MemoryMoment> moments, long vectorBytes)
    {
        var steady = moments[^1].Rss;
        var steadyGoal = (2 * vectorBytes) + (200 * MB);
        var uploadPeak = moments[1].PeakRss;
        var reindexPeak = moments[3].PeakRss;
        var maxPeak = moments.Max(m => m.PeakRss);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"index vector bytes: {vectorBytes / (double)MB:F1} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"goal steady RSS <= 2 x vectors + 200 MB = {steadyGoal / MB} MB: {steady / MB} MB {(steady <= steadyGoal ? "ok" : "MISSED")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"goal peak during the upload <= 500 MB: {uploadPeak / MB} MB {(uploadPeak <= 500 * MB ? "ok" : "MISSED")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS during the reindex: {reindexPeak / MB} MB; of the whole sequence: {maxPeak / MB} MB"));
        return steady <= steadyGoal && uploadPeak <= 500 * MB ? 0 : 3;
    }

    private static string DefaultApiPath()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RagBot.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? ".", "artifacts", "bin", "RagBot.Api", "release", "RagBot.Api.dll");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static (Dictionary<string, string> Options, Dictionary<string, string> Environment) ParseArgs(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--RagBot:", StringComparison.OrdinalIgnoreCase) && args[i].Split('=', 2) is [var key, var value])
            {
                environment[key[2..].Replace(":", "__", StringComparison.Ordinal)] = value;
            }
            else if (args[i] == "--env" && i + 1 < args.Length && args[++i].Split('=', 2) is [var name, var setting])
            {
                environment[name] = setting;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
        }

        return (options, environment);
    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder later.
        }
    }
}
