namespace RagBot.Core.Jobs;

/// <summary>
/// The wall-clock budget of one job attempt (<c>RagBot:Ingestion:JobTimeoutSeconds</c>): <see cref="Token"/> is
/// cancelled when it runs out. Time the job's own work spent paused so that chat requests could run first (the
/// in-process embedder's ingestion yield) is given back with <see cref="GiveBack"/>: a job is not failed for the chats
/// it let through. The budget of the job running on the current async flow is <see cref="Current"/>.
/// </summary>
public sealed class JobBudget : IDisposable
{
    private static readonly AsyncLocal<JobBudget?> Ambient = new();

    private readonly TimeProvider _time;
    private readonly TimeSpan _budget;
    private readonly long _started;
    private readonly CancellationTokenSource _timeout;
    private readonly Lock _gate = new();
    private TimeSpan _givenBack;
    private bool _disposed;

    public JobBudget(TimeSpan budget, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _budget = budget;
        _started = time.GetTimestamp();
        _timeout = new CancellationTokenSource(budget, time);
    }

    /// <summary>The budget of the job whose work runs on this async flow; null outside a job (a reindex, a chat).</summary>
    public static JobBudget? Current => Ambient.Value;

    /// <summary>Cancelled when the budget, with the time given back, has run out.</summary>
    public CancellationToken Token => _timeout.Token;

    public bool IsExhausted => _timeout.IsCancellationRequested;

    /// <summary>Time given back so far.</summary>
    public TimeSpan GivenBack
    {
        get
        {
            lock (_gate)
            {
                return _givenBack;
            }
        }
    }

    /// <summary>
    /// Makes this the <see cref="Current"/> budget for the calling async method and everything it awaits; the caller
    /// of that method keeps its own (an async method's changes to an async-local do not flow back out).
    /// </summary>
    public void MakeCurrent() => Ambient.Value = this;

    /// <summary>Adds <paramref name="paused"/> to the budget. Once the budget has run out it stays out: a stopped job is not revived.</summary>
    public void GiveBack(TimeSpan paused)
    {
        if (paused <= TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            // Work the job started and did not wait for may outlive it, and the budget with it.
            if (_disposed || _timeout.IsCancellationRequested)
            {
                return;
            }

            _givenBack += paused;
            var left = _budget + _givenBack - _time.GetElapsedTime(_started);
            _timeout.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timeout.Dispose();
        }
    }
}
