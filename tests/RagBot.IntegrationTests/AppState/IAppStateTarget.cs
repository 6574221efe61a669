namespace RagBot.IntegrationTests.AppState;

/// <summary>An app-state provider under test: an empty state per test, opened as often as a test needs processes.</summary>
public interface IAppStateTarget : IAsyncDisposable
{
    /// <summary>Starts the test from an empty state.</summary>
    Task ResetAsync();

    /// <summary>Opens the state as one more process would (its own connections; on PostgreSQL its own lease identity).</summary>
    AppStateStores Open();
}
