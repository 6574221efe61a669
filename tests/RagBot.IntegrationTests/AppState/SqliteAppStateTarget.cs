using Microsoft.Extensions.Options;
using RagBot.AppState;

namespace RagBot.IntegrationTests.AppState;

/// <summary>The SQLite app state: a <c>ragbot.db</c> in a fresh temporary data directory per test.</summary>
public sealed class SqliteAppStateTarget : IAppStateTarget
{
    private string _directory = NewDirectory();

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
            Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }

        return ValueTask.CompletedTask;
    }

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "ragbot-appstate", Guid.NewGuid().ToString("N"));
}
