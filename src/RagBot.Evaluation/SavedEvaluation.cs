using System.Globalization;

namespace RagBot.Evaluation;

/// <summary>
/// The last <c>ragbot eval --save</c> result as stored in <c>&lt;DataDirectory&gt;/eval/last.json</c> and served by
/// <c>GET /api/admin/eval</c>. <see cref="Metrics"/> holds only quality figures between 0 and 1, keyed as the CLI
/// prints them (<c>ndcg@10</c>...), so a reader can chart every entry without knowing the metric names.
/// </summary>
public sealed record SavedEvaluation
{
    public required DateTimeOffset SavedAt { get; init; }

    /// <summary>The dataset folder's name (not its full path: the file is shown to API clients).</summary>
    public required string Dataset { get; init; }

    public required string Mode { get; init; }

    public required int K { get; init; }

    public required int Queries { get; init; }

    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public required double P50Milliseconds { get; init; }

    public required double P99Milliseconds { get; init; }

    public static SavedEvaluation From(EvaluationReport report, string datasetDirectory, DateTimeOffset savedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        var k = report.K.ToString(CultureInfo.InvariantCulture);
        return new SavedEvaluation
        {
            SavedAt = savedAt,
            Dataset = new DirectoryInfo(Path.GetFullPath(datasetDirectory)).Name,
            Mode = report.Mode.ToString().ToLowerInvariant(),
            K = report.K,
            Queries = report.Queries,
            Metrics = new Dictionary<string, double>
            {
                ["ndcg@" + k] = Math.Round(report.Ndcg, 4),
                ["recall@" + k] = Math.Round(report.Recall, 4),
                ["recall@100"] = Math.Round(report.Recall100, 4),
                ["mrr@" + k] = Math.Round(report.Mrr, 4),
            },
            P50Milliseconds = Math.Round(report.P50Milliseconds, 2),
            P99Milliseconds = Math.Round(report.P99Milliseconds, 2),
        };
    }
}
