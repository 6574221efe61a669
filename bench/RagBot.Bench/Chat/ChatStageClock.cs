using System.Diagnostics;
using RagBot.Core.Diagnostics;

namespace RagBot.Bench.Chat;

/// <summary>
/// Where a chat request's milliseconds go, from RagBot's own spans: every span that ends while a request is in flight
/// (the client is sequential, so that is the request's work) is added to the request's total for its name; a name
/// that did not run counts 0 ms. Two figures are derived: <c>http, outside the chat span</c> (Kestrel, middleware,
/// auth, rate limit, JSON both ways, the client) and <c>chat, outside its child spans</c>.
/// </summary>
internal sealed class ChatStageClock : IDisposable
{
    private const string Http = "http round trip (client)";
    private const string OutsideChat = "http, outside the chat span";
    private const string ChatSelf = "chat, outside its child spans";

    private readonly ActivityListener _listener;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<double>> _samples = new(StringComparer.Ordinal);
    private Dictionary<string, double> _current = new(StringComparer.Ordinal);
    private readonly List<double> _recordsRead = [];
    private double _chatChildren;
    private long _records;
    private int _requests;

    public ChatStageClock()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RagBotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void BeginRequest()
    {
        lock (_gate)
        {
            _current = new Dictionary<string, double>(StringComparer.Ordinal);
            _chatChildren = 0;
            _records = 0;
        }
    }

    public void EndRequest(double httpMilliseconds)
    {
        lock (_gate)
        {
            var chat = _current.GetValueOrDefault(RagBotSpans.Chat);
            _current[Http] = httpMilliseconds;
            _current[OutsideChat] = httpMilliseconds - chat;
            _current[ChatSelf] = chat - _chatChildren;
            foreach (var name in _samples.Keys.Union(_current.Keys).ToList())
            {
                if (!_samples.TryGetValue(name, out var samples))
                {
                    // A stage first seen now did not run in the earlier requests: 0 ms each.
                    _samples[name] = samples = [.. Enumerable.Repeat(0.0, _requests)];
                }

                samples.Add(_current.GetValueOrDefault(name));
            }

            _recordsRead.Add(_records);
            _requests++;
        }
    }

    /// <summary>
    /// Records the embedded store read per request (the <c>ragbot.records</c> tag of its record-fetch spans): p50 and
    /// mean, to show how many of the candidates' records a question reads.
    /// </summary>
    public Dictionary<string, object> RecordsRead()
    {
        lock (_gate)
        {
            return new Dictionary<string, object>
            {
                ["p50"] = ChatBenchmark.Percentile(_recordsRead, 0.5),
                ["mean"] = ChatBenchmark.Round(_recordsRead.DefaultIfEmpty(0).Average()),
            };
        }
    }

    /// <summary>p50, p99 and mean per stage, slowest p50 first.</summary>
    public List<Dictionary<string, object>> Report()
    {
        lock (_gate)
        {
            return _samples
                .Select(s => (Name: s.Key, P50: ChatBenchmark.Percentile(s.Value, 0.5), P99: ChatBenchmark.Percentile(s.Value, 0.99), Mean: s.Value.Average()))
                .OrderByDescending(s => s.Name == Http).ThenByDescending(s => s.P50).ThenByDescending(s => s.Mean)
                .Select(s => new Dictionary<string, object>
                {
                    ["stage"] = s.Name,
                    ["p50_ms"] = ChatBenchmark.Round(s.P50),
                    ["p99_ms"] = ChatBenchmark.Round(s.P99),
                    ["mean_ms"] = ChatBenchmark.Round(s.Mean),
                })
                .ToList();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnStopped(Activity activity)
    {
        lock (_gate)
        {
            _current[activity.OperationName] = _current.GetValueOrDefault(activity.OperationName) + activity.Duration.TotalMilliseconds;
            if (activity.OperationName == RagBotSpans.RecordFetch && activity.GetTagItem("ragbot.records") is int records)
            {
                _records += records;
            }

            if (activity.Parent?.OperationName == RagBotSpans.Chat)
            {
                _chatChildren += activity.Duration.TotalMilliseconds;
            }
        }
    }
}
