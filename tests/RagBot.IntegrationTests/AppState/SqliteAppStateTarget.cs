using Microsoft.Extensions.Options;
using RagBot.AppState;

namespace RagBot.IntegrationTests.AppState;

/// <summary>The SQLite app state: a <c>ragbot.db</c> in a fresh temporary data directory per test.</summary>
public sealed class SqliteAppStateTarget : IAppStateTarget
{
    // Each target (one per test class) has its own root: classes run in parallel, so deleting a shared parent
    // pulled the databases from under the other class's running tests.
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ragbot-appstate", Guid.NewGuid().ToString("N"));
    private string _directory;

    public SqliteAppStateTarget() => _directory = NewDirectory();

    public Task ResetAsync()
    {
        _directory = NewDirectory();
        return Task.CompletedTask;
    }

    public AppStateStores Open()
    {
        var options = Options.Create(new DataDirectoryOptions { DataDirectory = _directory });
        var database = new AppStateDatabase(options);
        return new AppStateStores(
            new SqliteDocumentCatalog(database),
            new SqliteJobStore(database),
            new SqliteChatSessionStore(database, TimeProvider.System),
            new IndexGenerationStore(database, TimeProvider.System),
            new FileOriginalStore(options),
            new SqliteAppStateProbe(database));
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }

        return ValueTask.CompletedTask;
    }

    private string NewDirectory() => Path.Combine(_root, Guid.NewGuid().ToString("N"));
}
