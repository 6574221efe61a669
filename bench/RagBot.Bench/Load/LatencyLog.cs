using System.Globalization;

namespace RagBot.Bench.Load;

/// <summary>Latencies and outcomes of one kind of request, recorded from many clients at once.</summary>
internal sealed class LatencyLog
{
    private readonly Lock _gate = new();
    private readonly List<double> _milliseconds = [];
    private int _success;
    private int _clientError;
    private int _serverError;
    private int _failed;

    public int ServerErrors => _serverError;

    /// <summary>Requests that got a status code.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _milliseconds.Count;
            }
        }
    }

    public int Failures => _failed;

    /// <summary>Records a request that got a status code.</summary>
    public void Record(int status, double milliseconds)
    {
        lock (_gate)
        {
            _milliseconds.Add(milliseconds);
            switch (status)
            {
                case >= 500:
                    _serverError++;
                    break;
                case >= 400:
                    _clientError++;
                    break;
                default:
                    _success++;
                    break;
            }
        }
    }

    /// <summary>Records a request that got no answer (connection error, timeout).</summary>
    public void RecordFailure()
    {
        lock (_gate)
        {
            _failed++;
        }
    }

    public string Summary(string name, double seconds)
    {
        lock (_gate)
        {
            var sorted = _milliseconds.Order().ToList();
            return string.Create(CultureInfo.InvariantCulture,
                $"{name}: requests={sorted.Count + _failed} rps={sorted.Count / seconds:F1} p50_ms={Percentile(sorted, 0.50):F1} p99_ms={Percentile(sorted, 0.99):F1} max_ms={(sorted.Count == 0 ? 0 : sorted[^1]):F1} 2xx={_success} 4xx={_clientError} 5xx={_serverError} errors={_failed}");
        }
    }

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
}
