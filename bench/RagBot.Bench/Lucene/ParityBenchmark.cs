using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using RagBot.Evaluation;
using RagBot.Retrieval;

namespace RagBot.Bench.Lucene;

/// <summary>
/// <c>parity --dataset &lt;dir&gt; [--modes keyword,hybrid,vector] [--passes 3] [--top 100] [--json] [--RagBot:Key=Value ...]</c>:
/// the same judged questions through RagBot's retrieval (<see cref="RetrievalEvaluator"/>: scratch host, real
/// ingestion, <see cref="HybridRetriever"/>, 200 chunks folded into 100 documents) and through Lucene.Net BM25 top
/// <c>--top</c> (<see cref="LucenePeer"/>), in one process and one run, so the ratio holds even on a busy machine.
/// Lucene is re-measured right after each RagBot mode and each ratio uses the adjacent figures. The host's load
/// average is printed with the figures: timings taken under load are upper bounds.
/// </summary>
internal static class ParityBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var dataset = Option(args, "--dataset") ?? throw new ArgumentException("parity needs --dataset <BEIR directory>.");
        var modes = (Option(args, "--modes") ?? "keyword,hybrid").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => Enum.Parse<RetrievalMode>(m, ignoreCase: true)).ToList();
        var passes = int.Parse(Option(args, "--passes") ?? "3", CultureInfo.InvariantCulture);
        var top = int.Parse(Option(args, "--top") ?? "100", CultureInfo.InvariantCulture);
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a.StartsWith("--RagBot:", StringComparison.Ordinal)).ToArray())
            .Build();

        var collection = BeirCollection.Load(dataset);
        using var lucene = new LucenePeer(collection);
        var results = new List<Dictionary<string, object>>();
        foreach (var mode in modes)
        {
            var memory = new LoadedIndexMemory();
            var report = await new RetrievalEvaluator(configuration).RunAsync(
                new EvaluationRequest(dataset) { Mode = mode, Answers = false, Passes = passes + 1 }, memory, CancellationToken.None);
            var (_, luceneLatencies) = lucene.Measure(collection.Queries, top, passes);
            var luceneP50 = RetrievalMetrics.Percentile(luceneLatencies, 50);
            results.Add(new Dictionary<string, object>
            {
                ["mode"] = mode.ToString().ToLowerInvariant(),
                ["ragbot_p50_ms"] = Math.Round(report.P50Milliseconds, 3),
                ["ragbot_p99_ms"] = Math.Round(report.P99Milliseconds, 3),
                ["lucene_p50_ms"] = Math.Round(luceneP50, 3),
                ["lucene_p99_ms"] = Math.Round(RetrievalMetrics.Percentile(luceneLatencies, 99), 3),
                ["p50_ratio"] = Math.Round(report.P50Milliseconds / luceneP50, 2),
                ["ragbot_ndcg@10"] = Math.Round(report.Ndcg, 4),
                ["chunks_ingested_seconds"] = Math.Round(report.IngestSeconds, 1),
                ["stages_p50_ms"] = report.Stages.ToDictionary(s => s.Stage, s => Math.Round(s.P50Milliseconds, 3)),
                ["stages_p99_ms"] = report.Stages.ToDictionary(s => s.Stage, s => Math.Round(s.P99Milliseconds, 3)),
                ["ragbot_recall@10"] = Math.Round(report.Recall, 4),
                ["rss_mb_index_loaded"] = (object?)memory.RssMegabytes ?? "unknown",
                ["gc_heap_mb_index_loaded"] = (object?)memory.GcHeapMegabytes ?? "unknown",
                ["rss_mb_peak_so_far"] = (object?)LoadedIndexMemory.StatusMegabytes("VmHWM:") ?? "unknown",
                ["load_average"] = LoadAverage(),
            });
        }

        var figures = new Dictionary<string, object>
        {
            ["dataset"] = Path.GetFullPath(dataset),
            ["documents"] = collection.Documents.Count,
            ["queries"] = collection.Queries.Count,
            ["embedder"] = configuration["RagBot:Embeddings:Provider"] ?? "default",
            ["passes"] = passes,
            ["lucene_top"] = top,
            ["results"] = results,
        };
        Console.WriteLine(args.Contains("--json")
            ? JsonSerializer.Serialize(figures, Indented)
            : JsonSerializer.Serialize(figures, Indented));
        return 0;
    }

    /// <summary>The 1-minute load average (Linux), so a reader knows whether the timings were taken on a busy machine.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
