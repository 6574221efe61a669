using System.Diagnostics;
using System.Globalization;
using RagBot.Core.Diagnostics;

namespace RagBot.Bench.Load;

/// <summary>
/// Durations of RagBot's own spans while the measured chat phase runs (<c>load --spans 1</c>), per span name: count,
/// p50, p99, max and the total. With many clients at once a span's wall time includes waiting for a core, a lock or
/// the disk, so a stage whose p99 is far above its p50 is where requests stall; the totals show what the process
/// spent its time on (they can exceed the phase's length: spans run in parallel and nest).
/// </summary>
internal sealed class SpanDurations : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<double>> _milliseconds = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public SpanDurations()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RagBotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    /// <summary>One line per span name, the longest total first.</summary>
    public List<string> Summary()
    {
        lock (_gate)
        {
            var lines = new List<string>();
            foreach (var (name, samples) in _milliseconds.OrderByDescending(pair => pair.Value.Sum()))
            {
                samples.Sort();
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"span: {name} count={samples.Count} p50_ms={At(samples, 0.50):F2} p99_ms={At(samples, 0.99):F2} max_ms={samples[^1]:F2} total_s={samples.Sum() / 1000:F2}"));
            }

            return lines;
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnStopped(Activity activity)
    {
        if (!_recording)
        {
            return;
        }

        lock (_gate)
        {
            if (!_milliseconds.TryGetValue(activity.OperationName, out var samples))
            {
                _milliseconds[activity.OperationName] = samples = [];
            }

            samples.Add(activity.Duration.TotalMilliseconds);
        }
    }

    private static double At(List<double> sorted, double quantile) => sorted[(int)Math.Min(sorted.Count - 1, quantile * sorted.Count)];
}
