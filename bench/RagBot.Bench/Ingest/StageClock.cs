using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using RagBot.Core.Diagnostics;

namespace RagBot.Bench.Ingest;

/// <summary>
/// Sums the time spent in each ingestion stage (the parse, chunk, embed and upsert spans) across all
/// documents, so a throughput figure comes with where the time went. Stages of concurrent documents
/// overlap, so the sums can exceed the wall-clock time.
/// </summary>
internal sealed class StageClock : IDisposable
{
    private static readonly string[] Stages = [RagBotSpans.Parse, RagBotSpans.Chunk, RagBotSpans.Embed, RagBotSpans.Upsert];
    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);
    private readonly ActivityListener _listener;

    public StageClock()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RagBotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => _ticks.AddOrUpdate(activity.OperationName, activity.Duration.Ticks, (_, total) => total + activity.Duration.Ticks),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>One line such as <c>parse_s=1.20 chunk_s=3.40 embed_s=9.80 upsert_s=6.10</c>.</summary>
    public string Describe() => string.Join(' ', Stages.Select(stage => string.Create(
        CultureInfo.InvariantCulture, $"{stage}_s={TimeSpan.FromTicks(_ticks.GetValueOrDefault(stage)).TotalSeconds:F2}")));

    public void Dispose() => _listener.Dispose();
}
