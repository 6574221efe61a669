namespace RagBot.AppState;

/// <summary>
/// Runs a one-time initialization (a schema migration) on first use and shares it between concurrent callers,
/// like <see cref="Lazy{T}"/> of a task, except that a failure is not kept: the next caller starts a new attempt.
/// A database that was unreachable when a replica first needed it (PostgreSQL restarting, the network still coming
/// up) would otherwise break that replica for good, though every later request could have reached it.
/// </summary>
public sealed class RetryingInitialization
{
    private readonly Func<CancellationToken, Task> _initialize;
    private readonly Lock _gate = new();
    private Task? _attempt;

    public RetryingInitialization(Func<CancellationToken, Task> initialize)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        _initialize = initialize;
    }

    /// <summary>Waits for the initialization, starting it (again, after a failure) when none succeeded or runs.</summary>
    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        Task attempt;
        lock (_gate)
        {
            if (_attempt is null || _attempt.IsFaulted || _attempt.IsCanceled)
            {
                // Not tied to one caller's token: a caller that gives up must not fail the others sharing the attempt.
                _attempt = Task.Run(() => _initialize(CancellationToken.None), CancellationToken.None);
            }

            attempt = _attempt;
        }

        return attempt.IsCompletedSuccessfully ? Task.CompletedTask : attempt.WaitAsync(cancellationToken);
    }
}
