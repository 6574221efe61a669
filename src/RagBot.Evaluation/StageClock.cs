using System.Diagnostics;
using RagBot.Core.Diagnostics;

namespace RagBot.Evaluation;

/// <summary>
/// Times the stages of each evaluated retrieval from RagBot's own spans (<see cref="RagBotSpans"/>), so the figures
/// <c>ragbot eval</c> prints are the spans an operator sees in traces. Each query runs under its own root activity;
/// a span's duration is added to the root it belongs to, so spans of anything else running in the process are ignored.
/// </summary>
internal sealed class StageClock : IDisposable
{
    private const string RootName = "ragbot.eval.query";
    private const string TotalsProperty = "ragbot.eval.stages";

    /// <summary>The stages reported, in pipeline order: span name and the name printed.</summary>
    private static readonly (string Span, string Stage)[] Stages =
    [
        (RagBotSpans.EmbedQuery, "query embedding"),
        (RagBotSpans.VectorLeg, "vector leg"),
        (RagBotSpans.KeywordLeg, "keyword leg"),
        (RagBotSpans.RecordFetch, "record fetch (in the legs)"),
        (RagBotSpans.Fusion, "fusion"),
        (RagBotSpans.Feedback, "feedback (between rounds)"),
        (RagBotSpans.CatalogVersions, "catalog version check"),
        (RagBotSpans.Deduplicate, "de-duplication"),
    ];

    private readonly ActivityListener _listener;
    private readonly Dictionary<string, List<double>> _samples = Stages.ToDictionary(s => s.Span, _ => new List<double>(), StringComparer.Ordinal);

    public StageClock()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RagBotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Starts one query's root; dispose it when the query is done, then call <see cref="Record"/>.</summary>
    public static Activity StartQuery()
    {
        var root = new Activity(RootName);
        root.SetCustomProperty(TotalsProperty, new Dictionary<string, double>(StringComparer.Ordinal));
        return root.Start();
    }

    /// <summary>Adds the stage totals of a finished query (a stage that did not run counts as 0 ms).</summary>
    public void Record(Activity root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var totals = (Dictionary<string, double>)root.GetCustomProperty(TotalsProperty)!;
        lock (totals)
        {
            foreach (var (span, samples) in _samples)
            {
                samples.Add(totals.GetValueOrDefault(span));
            }
        }
    }

    /// <summary>p50 and p99 per stage, in pipeline order.</summary>
    public IReadOnlyList<StageLatency> Report() =>
        Stages.Select(s => new StageLatency(
            s.Stage,
            RetrievalMetrics.Percentile(_samples[s.Span], 50),
            RetrievalMetrics.Percentile(_samples[s.Span], 99))).ToList();

    public void Dispose() => _listener.Dispose();

    private static void OnStopped(Activity activity)
    {
        for (var parent = activity.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.GetCustomProperty(TotalsProperty) is Dictionary<string, double> totals)
            {
                lock (totals)
                {
                    totals[activity.OperationName] = totals.GetValueOrDefault(activity.OperationName) + activity.Duration.TotalMilliseconds;
                }

                return;
            }
        }
    }
}
