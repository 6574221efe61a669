namespace RagBot.IntegrationTests.AppState;

/// <summary>A test class over one app-state provider: an empty state before each test (opened as one process), the target disposed after.</summary>
public abstract class AppStateTargetTests(IAppStateTarget target) : IAsyncLifetime
{
    protected IAppStateTarget Target => target;

    /// <summary>The state as the test's own process sees it.</summary>
    protected AppStateStores State { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        await target.ResetAsync();
        State = target.Open();
    }

    public async ValueTask DisposeAsync()
    {
        await target.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
