using Microsoft.Extensions.Options;
using RagBot.Ingestion;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// Bounds the bytes of uploads being received at once (<see cref="IngestionOptions.MaxUploadBytesInFlight"/>). An
/// upload is held in memory while it is read, checked and queued; without a bound, 24 concurrent 50 MB uploads of junk
/// took the API from 165 MB to 3.9 GB. Each upload reserves its declared size (Content-Length, at most the upload limit,
/// which it cannot exceed) before its body is read and gives it back once its job is queued. Uploads wait their turn in
/// arrival order; one that cannot start within <see cref="IngestionOptions.UploadQueueSeconds"/> is answered 503 with Retry-After.
/// </summary>
internal sealed class UploadMemoryBudget(IOptions<IngestionOptions> options)
{
    private readonly TimeSpan _maxWait = TimeSpan.FromSeconds(options.Value.UploadQueueSeconds);
    private readonly long _capacity = options.Value.MaxUploadBytesInFlight;
    private readonly LinkedList<(long Bytes, TaskCompletionSource Granted)> _waiting = new();
    private readonly Lock _gate = new();
    private long _inUse;

    /// <summary>A reservation of <paramref name="bytes"/> (capped at the whole budget), or null when none was free within the queue time.</summary>
    public async Task<Reservation?> ReserveAsync(long bytes, CancellationToken cancellationToken)
    {
        bytes = Math.Clamp(bytes, 1, _capacity);
        LinkedListNode<(long Bytes, TaskCompletionSource Granted)> node;
        lock (_gate)
        {
            if (_waiting.Count == 0 && _inUse + bytes <= _capacity)
            {
                _inUse += bytes;
                return new Reservation(this, bytes);
            }

            node = _waiting.AddLast((bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        try
        {
            await node.Value.Granted.Task.WaitAsync(_maxWait, cancellationToken).ConfigureAwait(false);
            return new Reservation(this, bytes);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            GiveUp(node);
            if (ex is TimeoutException)
            {
                return null;
            }

            throw;
        }
    }

    /// <summary>Leaves the queue; a reservation granted in the same instant it gave up is handed back.</summary>
    private void GiveUp(LinkedListNode<(long Bytes, TaskCompletionSource Granted)> node)
    {
        lock (_gate)
        {
            if (node.List is not null)
            {
                _waiting.Remove(node);
                GrantWaiting();
                return;
            }
        }

        Release(node.Value.Bytes);
    }

    private void Release(long bytes)
    {
        lock (_gate)
        {
            _inUse -= bytes;
            GrantWaiting();
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

    public sealed class Reservation(UploadMemoryBudget budget, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Release(bytes);
            }
        }
    }
}
