using RagBot.AppState;

namespace RagBot.UnitTests.AppState;

public sealed class RetryingInitializationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failed_attempt_is_not_kept_and_a_success_runs_once_for_every_caller()
    {
        var attempts = 0;
        var initialization = new RetryingInitialization(_ =>
            Interlocked.Increment(ref attempts) == 1 ? throw new TimeoutException("database unreachable") : Task.Delay(50, CancellationToken.None));

        await Assert.ThrowsAsync<TimeoutException>(() => initialization.EnsureAsync(Token));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => initialization.EnsureAsync(Token)));
        await initialization.EnsureAsync(Token);

        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_attempt_others_share()
    {
        var release = new TaskCompletionSource();
        var initialization = new RetryingInitialization(_ => release.Task);
        using var impatient = new CancellationTokenSource();

        var first = initialization.EnsureAsync(impatient.Token);
        var second = initialization.EnsureAsync(Token);
        await impatient.CancelAsync();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await second;
    }
}
