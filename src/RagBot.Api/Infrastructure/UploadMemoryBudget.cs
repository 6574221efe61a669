using Microsoft.Extensions.Options;
using RagBot.Ingestion;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// Bounds the bytes of uploads being received at once (<see cref="IngestionOptions.MaxUploadBytesInFlight"/>). An
/// upload is held in memory while it is read, checked and queued; without a bound, 24 concurrent 50 MB uploads of junk
/// took the API from 165 MB to 3.9 GB. Each upload reserves its declared size (Content-Length, at most the upload limit,
/// which it cannot exceed) before its body is read and gives it back once its job is queued. Uploads wait their turn in
/// arrival order; one that cannot start within <see cref="IngestionOptions.UploadQueueSeconds"/> is answered 503 with Retry-After.
/// One caller (<see cref="Security.CallerIdentity"/>: an API key, or the local operator without keys) may hold or wait for at most half of the budget, beyond
/// one upload: a client sending its bodies slowly (Kestrel accepts 240 bytes/s) would otherwise hold the whole budget
/// for hours and leave every other tenant only 503s.
/// </summary>
internal sealed class UploadMemoryBudget(IOptions<IngestionOptions> options)
{
    private readonly TimeSpan _maxWait = TimeSpan.FromSeconds(options.Value.UploadQueueSeconds);
    private readonly long _capacity = options.Value.MaxUploadBytesInFlight;
    private readonly LinkedList<(long Bytes, TaskCompletionSource Granted)> _waiting = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _byCaller = new(StringComparer.Ordinal);
    private long _inUse;

    /// <summary>What <see cref="ReserveAsync"/> decided: a reservation, or why there is none.</summary>
    public enum Refusal
    {
        None,
        Busy,
        CallerShareUsed,
    }

    /// <summary>
    /// A reservation of <paramref name="bytes"/> (capped at the whole budget) for <paramref name="caller"/>; none when
    /// the caller already holds or waits for half of the budget, or when no room came within the queue time.
    /// </summary>
    public async Task<(Reservation? Reservation, Refusal Refusal)> ReserveAsync(long bytes, string caller, CancellationToken cancellationToken)
    {
        bytes = Math.Clamp(bytes, 1, _capacity);
        LinkedListNode<(long Bytes, TaskCompletionSource Granted)> node;
        lock (_gate)
        {
            var held = _byCaller.GetValueOrDefault(caller);
            if (held > 0 && held + bytes > _capacity / 2)
            {
                return (null, Refusal.CallerShareUsed);
            }

            _byCaller[caller] = held + bytes;
            if (_waiting.Count == 0 && _inUse + bytes <= _capacity)
            {
                _inUse += bytes;
                return (new Reservation(this, bytes, caller), Refusal.None);
            }

            node = _waiting.AddLast((bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        try
        {
            await node.Value.Granted.Task.WaitAsync(_maxWait, cancellationToken).ConfigureAwait(false);
            return (new Reservation(this, bytes, caller), Refusal.None);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            GiveUp(node, caller);
            if (ex is TimeoutException)
            {
                return (null, Refusal.Busy);
            }

            throw;
        }
    }

    /// <summary>Leaves the queue; a reservation granted in the same instant it gave up is handed back.</summary>
    private void GiveUp(LinkedListNode<(long Bytes, TaskCompletionSource Granted)> node, string caller)
    {
        lock (_gate)
        {
            if (node.List is not null)
            {
                _waiting.Remove(node);
                Forget(caller, node.Value.Bytes);
                GrantWaiting();
                return;
            }
        }

        Release(node.Value.Bytes, caller);
    }

    private void Release(long bytes, string caller)
    {
        lock (_gate)
        {
            _inUse -= bytes;
            Forget(caller, bytes);
            GrantWaiting();
        }
    }

    /// <summary>Called under the gate.</summary>
    private void Forget(string caller, long bytes)
    {
        var left = _byCaller[caller] - bytes;
        if (left == 0)
        {
            _byCaller.Remove(caller);
        }
        else
        {
            _byCaller[caller] = left;
        }
    }

    /// <summary>Grants waiting reservations in arrival order while the first one fits. Called under the gate.</summary>
    private void GrantWaiting()
    {
        while (_waiting.First is { } first && _inUse + first.Value.Bytes <= _capacity)
        {
            _waiting.RemoveFirst();
            _inUse += first.Value.Bytes;
            first.Value.Granted.TrySetResult();
        }
    }

    public sealed class Reservation(UploadMemoryBudget budget, long bytes, string caller) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Release(bytes, caller);
            }
        }
    }
}
