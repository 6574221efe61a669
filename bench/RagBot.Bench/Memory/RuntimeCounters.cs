using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace RagBot.Bench.Memory;

/// <summary>
/// The .NET runtime counters (<c>System.Runtime</c> EventCounters, as <c>dotnet-counters</c> shows them) of another
/// process, read over its diagnostics port (EventPipe) once a second: GC heap size and GC committed bytes.
/// </summary>
internal sealed class RuntimeCounters : IDisposable
{
    private readonly ConcurrentDictionary<string, double> _latest = new(StringComparer.Ordinal);
    private readonly EventPipeSession _session;
    private readonly Task _reader;

    private RuntimeCounters(EventPipeSession session)
    {
        _session = session;
        var source = new EventPipeEventSource(session.EventStream);
        source.Dynamic.All += OnEvent;
        _reader = Task.Run(source.Process);
    }

    /// <summary>Connects to the process; retries while its runtime has not opened the diagnostics port yet.</summary>
    public static async Task<RuntimeCounters> AttachAsync(int processId, CancellationToken cancellationToken)
    {
        var providers = new[]
        {
            new EventPipeProvider("System.Runtime", EventLevel.Informational, 0, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" }),
        };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new RuntimeCounters(new DiagnosticsClient(processId).StartEventPipeSession(providers, requestRundown: false));
            }
            catch (ServerNotAvailableException) when (attempt < 50)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    /// <summary>Bytes of the GC heap (objects alive after the last collection plus allocations since), or 0 before the first report.</summary>
    public long GcHeapBytes => Megabytes("gc-heap-size");

    /// <summary>Bytes the GC has committed from the OS (heap plus its free space and bookkeeping).</summary>
    public long GcCommittedBytes => Megabytes("gc-committed");

    public void Dispose()
    {
        try
        {
            _session.Stop();
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or EndOfStreamException or IOException or TimeoutException)
        {
            // The process has already exited.
        }

        _reader.Wait(TimeSpan.FromSeconds(5));
        _session.Dispose();
    }

    private long Megabytes(string name) => _latest.TryGetValue(name, out var value) ? (long)(value * 1024 * 1024) : 0;

    private void OnEvent(TraceEvent e)
    {
        if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer
            || outer["Payload"] is not IDictionary<string, object> payload || payload["Name"] is not string name)
        {
            return;
        }

        var value = payload.TryGetValue("Mean", out var mean) ? mean : payload.TryGetValue("Increment", out var increment) ? increment : 0d;
        _latest[name] = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
