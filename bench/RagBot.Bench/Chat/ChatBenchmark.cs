using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RagBot.Bench.Load;
using RagBot.Bench.Lucene;

namespace RagBot.Bench.Chat;

/// <summary>
/// <c>chat --dataset &lt;BEIR dir&gt; [--questions 200] [--warmup 20] [--data-dir D] [--json] [--RagBot:Key=Value ...]</c>:
/// <c>POST /api/chat</c> latency with one sequential client, as a user sees it. The collection is ingested once into
/// a data directory (<see cref="ChatBenchIndex"/>; kept for the next run of the same dataset and settings), the real
/// API (middleware, auth, rate limit, endpoint, session store) is hosted in this process on Kestrel, warm-up questions
/// are asked (they calibrate the per-index gate and compile the code), then each measured question is asked once
/// (first-time questions: no answerer cache helps). Prints p50/p99 of the HTTP round trip and, from RagBot's own
/// spans, p50/p99 of each server stage (<see cref="ChatStageClock"/>). The chat rate limit is lifted for the run.
/// </summary>
internal static class ChatBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var dataset = Option(args, "--dataset") ?? throw new ArgumentException("chat needs --dataset <BEIR directory>.");
        var questionCount = int.Parse(Option(args, "--questions") ?? "200", CultureInfo.InvariantCulture);
        var warmupCount = int.Parse(Option(args, "--warmup") ?? "20", CultureInfo.InvariantCulture);
        var settings = args.Where(a => a.StartsWith("--RagBot:", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))
            .Select(a => a[2..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => (string?)kv[1], StringComparer.OrdinalIgnoreCase);
        var dataDirectory = Option(args, "--data-dir") ?? ChatBenchIndex.DefaultDirectory(dataset, settings);
        settings["RagBot:RateLimits:ChatPermits"] = "1000000";

        // The request log line (Information) would print 200 lines among the figures; its cost is a few microseconds.
        settings.TryAdd("Logging:LogLevel:RagBot", "Warning");
        settings.TryAdd("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");

        var collection = BeirCollection.Load(dataset);
        var questions = collection.Queries.Select(q => q.Text).Where(q => q.Length > 0).ToList();
        if (questions.Count < questionCount + warmupCount)
        {
            questionCount = Math.Max(1, questions.Count - warmupCount);
        }

        Console.Error.WriteLine($"# dataset={dataset} data_dir={dataDirectory} questions={questionCount} warmup={warmupCount} load_average={LoadAverage()}");
        using var server = new LoadServer(dataDirectory, settings);
        var address = server.Start();
        var ingest = await ChatBenchIndex.EnsureAsync(server.Services, collection, dataDirectory, Console.Error, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(120) };

        // Warm-up from the end of the list, measured from the start: no measured question was asked before.
        foreach (var question in questions.TakeLast(warmupCount))
        {
            await AskAsync(http, question);
        }

        using var stages = new ChatStageClock();
        var latencies = new List<double>(questionCount);
        var modes = new Dictionary<string, int>(StringComparer.Ordinal);

        // CPU time of the whole process (server and client) per question: on a shared host it moves far less than the
        // wall-clock latency, which includes waiting for a core.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var question in questions.Take(questionCount))
        {
            stages.BeginRequest();
            var started = Stopwatch.GetTimestamp();
            var mode = await AskAsync(http, question);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            latencies.Add(elapsed);
            stages.EndRequest(elapsed);
            modes[mode] = modes.GetValueOrDefault(mode) + 1;
        }

        var cpuPerQuestion = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / questionCount;
        var figures = new Dictionary<string, object>
        {
            ["dataset"] = Path.GetFullPath(dataset),
            ["embedder"] = settings.GetValueOrDefault("RagBot:Embeddings:Provider") ?? "default",
            ["chunks"] = ingest.Chunks,
            ["ingested_now"] = ingest.IngestedNow,
            ["questions"] = questionCount,
            ["p50_ms"] = Round(Percentile(latencies, 0.50)),
            ["p99_ms"] = Round(Percentile(latencies, 0.99)),
            ["mean_ms"] = Round(latencies.Average()),
            ["cpu_ms_per_question"] = Round(cpuPerQuestion),
            ["modes"] = modes,
            ["stages"] = stages.Report(),
            ["records_read_per_question"] = stages.RecordsRead(),
            ["load_average"] = LoadAverage(),
        };
        Console.WriteLine(JsonSerializer.Serialize(figures, Indented));
        return 0;
    }

    /// <summary>Asks one question without a session (as the load bench does) and returns the answer's mode.</summary>
    private static async Task<string> AskAsync(HttpClient http, string question)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), new { message = question });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"POST /api/chat answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("mode", out var mode) ? mode.GetString() ?? "" : "";
    }

    internal static double Percentile(List<double> values, double quantile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    internal static double Round(double value) => Math.Round(value, 2);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
