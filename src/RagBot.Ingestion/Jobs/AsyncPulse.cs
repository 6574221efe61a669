namespace RagBot.Ingestion.Jobs;

/// <summary>
/// Wakes every waiter at once. Take <see cref="Next"/> before checking the condition you wait for, then await
/// it: a pulse between the check and the await is not lost.
/// </summary>
internal sealed class AsyncPulse
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
