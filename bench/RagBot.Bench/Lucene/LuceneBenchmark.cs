using System.Globalization;
using System.Text.Json;

namespace RagBot.Bench.Lucene;

/// <summary>
/// <c>lucene --dataset &lt;dir&gt; [--top 100] [--passes 5] [--json]</c>: the peer RagBot's retrieval is compared with.
/// Indexes a BEIR collection in memory with Lucene.Net 4.8 BM25 (k1 1.2, b 0.75, English analyzer with Porter
/// stemming, title and text in one field: the setup of the reference figure in the shared datasets README), runs
/// every judged query, and reports nDCG@10, recall and MRR plus per-query latency (parse, search top N, read ids),
/// one warm-up pass excluded. Compare its p50 with <c>ragbot eval</c>'s on the same collection in the same session.
/// </summary>
internal static class LuceneBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Task<int> RunAsync(string[] args)
    {
        var dataset = Option(args, "--dataset") ?? throw new ArgumentException("lucene needs --dataset <BEIR directory>.");
        var top = int.Parse(Option(args, "--top") ?? "100", CultureInfo.InvariantCulture);
        var passes = int.Parse(Option(args, "--passes") ?? "5", CultureInfo.InvariantCulture);
        var collection = BeirCollection.Load(dataset);

        using var peer = new LucenePeer(collection);
        var (rankings, latencies) = peer.Measure(collection.Queries, top, passes);
        var report = Report(collection, rankings, latencies, peer.IndexingTime, top);
        Console.WriteLine(args.Contains("--json")
            ? JsonSerializer.Serialize(report, Indented)
            : string.Join(Environment.NewLine, report.Select(p => $"{p.Key,-22} {p.Value}")));
        return Task.FromResult(0);
    }

    private static Dictionary<string, object> Report(
        BeirCollection collection, Dictionary<string, IReadOnlyList<string>> rankings, List<double> latencies, TimeSpan indexing, int top)
    {
        double Mean(Func<IReadOnlyList<string>, IReadOnlyDictionary<string, int>, double> measure) =>
            Math.Round(collection.Queries.Average(q => measure(rankings[q.Id], collection.Judgments[q.Id])), 4);

        latencies.Sort();
        double Percentile(double p) => Math.Round(latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))], 3);
        return new Dictionary<string, object>
        {
            ["engine"] = "Lucene.Net 4.8 BM25 (k1 1.2, b 0.75), EnglishAnalyzer",
            ["documents"] = collection.Documents.Count,
            ["queries"] = collection.Queries.Count,
            ["index_seconds"] = Math.Round(indexing.TotalSeconds, 2),
            ["ndcg@10"] = Mean((r, j) => RankingMetrics.NdcgAt(10, r, j)),
            ["recall@10"] = Mean((r, j) => RankingMetrics.RecallAt(10, r, j)),
            [$"recall@{top}"] = Mean((r, j) => RankingMetrics.RecallAt(top, r, j)),
            ["mrr@10"] = Mean((r, j) => RankingMetrics.ReciprocalRankAt(10, r, j)),
            ["query_p50_ms"] = Percentile(0.50),
            ["query_p99_ms"] = Percentile(0.99),
            ["measured_queries"] = latencies.Count,
        };
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
