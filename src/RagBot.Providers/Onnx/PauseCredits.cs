using System.Diagnostics;
using RagBot.Core.Jobs;

namespace RagBot.Providers.Onnx;

/// <summary>
/// Gives the time ingestion pauses for chats back to the budgets of the jobs it holds up (<see cref="JobBudget"/>):
/// the job whose batch pauses, and every job queued for the passage lane meanwhile (the lane stays held through the
/// pause). Each pause is given before it starts, so no budget can run out inside it; a late wake-up is given after.
/// A job that joins the queue during a pause gets the rest of that pause when it joins.
/// </summary>
internal sealed class PauseCredits
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobBudget, int> _waiting = [];
    private bool _pausing;
    private JobBudget? _holder;
    private long _pauseEnds;

    /// <summary>A job starts waiting for the lane.</summary>
    public void StartWaiting(JobBudget budget)
    {
        lock (_gate)
        {
            _waiting[budget] = _waiting.GetValueOrDefault(budget) + 1;
            if (_pausing && !ReferenceEquals(_holder, budget) && _waiting[budget] == 1)
            {
                budget.GiveBack(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _pauseEnds));
            }
        }
    }

    /// <summary>The job got the lane, or gave up waiting.</summary>
    public void StopWaiting(JobBudget budget)
    {
        lock (_gate)
        {
            if (_waiting.TryGetValue(budget, out var count))
            {
                if (count <= 1)
                {
                    _waiting.Remove(budget);
                }
                else
                {
                    _waiting[budget] = count - 1;
                }
            }
        }
    }

    /// <summary>The lane holder (<paramref name="holder"/>, null outside a job) is about to pause for <paramref name="pause"/>.</summary>
    public void PauseStarting(JobBudget? holder, TimeSpan pause)
    {
        lock (_gate)
        {
            _pausing = true;
            _holder = holder;
            _pauseEnds = Stopwatch.GetTimestamp() + (long)(pause.TotalSeconds * Stopwatch.Frequency);
            GiveToAll(holder, pause);
        }
    }

    /// <summary>The pause ended, <paramref name="overshoot"/> later than planned (a late wake-up; zero or less: none).</summary>
    public void PauseEnded(JobBudget? holder, TimeSpan overshoot)
    {
        lock (_gate)
        {
            _pausing = false;
            _holder = null;
            GiveToAll(holder, overshoot);
        }
    }

    private void GiveToAll(JobBudget? holder, TimeSpan time)
    {
        holder?.GiveBack(time);
        foreach (var waiting in _waiting.Keys)
        {
            if (!ReferenceEquals(waiting, holder))
            {
                waiting.GiveBack(time);
            }
        }
    }
}
