namespace RagBot.Hosting.Memory;

/// <summary>
/// Decides, from the process's running total of allocated bytes sampled over time, when a burst of work has ended:
/// enough was allocated since the last trim, then nothing much for <c>idle</c>. Separate from the timer so that
/// the rule is tested without waiting.
/// </summary>
internal sealed class IdleTrimPolicy
{
    /// <summary>Allocating less than this per second counts as idle (health probes, timers, metrics).</summary>
    public const long QuietBytesPerSecond = 1024 * 1024;

    private readonly TimeSpan _idle;
    private readonly long _burstBytes;
    private long _allocatedAtTrim;
    private long _lastAllocated;
    private TimeSpan _lastSample;
    private TimeSpan _lastBusy;

    public IdleTrimPolicy(TimeSpan idle, long burstBytes, long allocatedNow, TimeSpan now)
    {
        _idle = idle;
        _burstBytes = burstBytes;
        _allocatedAtTrim = allocatedNow;
        _lastAllocated = allocatedNow;
        _lastSample = now;
        _lastBusy = now;
    }

    /// <summary>Records a sample; true when the caller should trim now (the policy then counts from here).</summary>
    public bool Sample(long allocatedTotal, TimeSpan now)
    {
        var seconds = Math.Max((now - _lastSample).TotalSeconds, 0.001);
        if (allocatedTotal - _lastAllocated > QuietBytesPerSecond * seconds)
        {
            _lastBusy = now;
        }

        _lastAllocated = allocatedTotal;
        _lastSample = now;
        if (allocatedTotal - _allocatedAtTrim < _burstBytes || now - _lastBusy < _idle)
        {
            return false;
        }

        _allocatedAtTrim = allocatedTotal;
        return true;
    }
}
