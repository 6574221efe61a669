using System.Diagnostics;

namespace RagBot.Providers.Onnx;

/// <summary>
/// Whether model runs a user waits for (questions, the extractive answerer's sentences) are under way, or ended so
/// recently that their chat request is probably still being served: passage batches back off meanwhile.
/// </summary>
internal sealed class ChatActivity
{
    /// <summary>
    /// A chat request runs the model twice (its question, then its candidate sentences) with retrieval in between,
    /// and a client's next request follows its last answer within milliseconds: gaps shorter than this count as
    /// chats still being served.
    /// </summary>
    private static readonly TimeSpan RecentWindow = TimeSpan.FromMilliseconds(100);

    private int _runsInFlight;
    private long _lastRunEnded = long.MinValue;

    public bool IsActive
    {
        get
        {
            if (Volatile.Read(ref _runsInFlight) > 0)
            {
                return true;
            }

            var lastEnded = Interlocked.Read(ref _lastRunEnded);
            return lastEnded != long.MinValue && Stopwatch.GetElapsedTime(lastEnded) < RecentWindow;
        }
    }

    /// <summary>Marks one interactive model run; dispose the scope when it ends.</summary>
    public Scope BeginRun()
    {
        Interlocked.Increment(ref _runsInFlight);
        return new Scope(this);
    }

    private void EndRun()
    {
        Interlocked.Exchange(ref _lastRunEnded, Stopwatch.GetTimestamp());
        Interlocked.Decrement(ref _runsInFlight);
    }

    public readonly struct Scope(ChatActivity activity) : IDisposable
    {
        public void Dispose() => activity.EndRun();
    }
}
