using Microsoft.Data.Sqlite;
using RagBot.VectorData.Sqlite;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Tests.Sqlite;

public sealed class SqliteDurabilityTests : IDisposable
{
    private const long Normal = 1;
    private const long Full = 2;

    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Committed_batches_are_synced_to_disk_by_default()
    {
        // The app-state catalog commits with synchronous=FULL after the chunks are written here: the store must be at
        // least as durable, or a power cut leaves the catalog naming chunks that were never on disk.
        Assert.Equal(Full, await SynchronousModeAsync(new SqliteVectorStoreOptions { DatabasePath = _directory.File("default.db") }));
    }

    [Fact]
    public async Task Durable_commits_can_be_turned_off_for_throwaway_indexes()
    {
        var options = new SqliteVectorStoreOptions { DatabasePath = _directory.File("fast.db"), DurableCommits = false };

        Assert.Equal(Normal, await SynchronousModeAsync(options));
    }

    private static async Task<long> SynchronousModeAsync(SqliteVectorStoreOptions options)
    {
        using var context = new StoreContext(options);
        await using var connection = await context.Database.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
