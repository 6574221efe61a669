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

    [Fact]
    public async Task A_reused_pooled_connection_keeps_the_store_settings()
    {
        // The pragmas are given once per pooled connection, not on every open: one handed out again still has them.
        using var context = new StoreContext(new SqliteVectorStoreOptions { DatabasePath = _directory.File("reuse.db"), CacheSizeKb = 1234, DurableCommits = false });
        var first = await SettingsAsync(context);
        var second = await SettingsAsync(context);

        Assert.Equal(first.Handle, second.Handle);
        Assert.Equal((Normal, -1234L, 10000L), (second.Synchronous, second.CacheSize, second.BusyTimeout));
    }

    [Fact]
    public async Task Two_stores_on_one_file_each_get_their_own_settings_on_shared_connections()
    {
        var path = _directory.File("shared.db");
        using var durable = new StoreContext(new SqliteVectorStoreOptions { DatabasePath = path, CacheSizeKb = 2048 });
        using var relaxed = new StoreContext(new SqliteVectorStoreOptions { DatabasePath = path, CacheSizeKb = 512, DurableCommits = false });

        var handles = new HashSet<IntPtr>();
        for (var round = 0; round < 3; round++)
        {
            var a = await SettingsAsync(durable);
            var b = await SettingsAsync(relaxed);
            handles.Add(a.Handle);
            handles.Add(b.Handle);
            Assert.Equal((Full, -2048L), (a.Synchronous, a.CacheSize));
            Assert.Equal((Normal, -512L), (b.Synchronous, b.CacheSize));
        }

        // One pooled connection served both stores in turn: the settings were switched on it, not kept from the other.
        Assert.Single(handles);
    }

    private static async Task<long> SynchronousModeAsync(SqliteVectorStoreOptions options)
    {
        using var context = new StoreContext(options);
        return (await SettingsAsync(context)).Synchronous;
    }

    private static async Task<(IntPtr Handle, long Synchronous, long CacheSize, long BusyTimeout)> SettingsAsync(StoreContext context)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await context.Database.OpenAsync(cancellationToken);
        return (connection.Handle!.DangerousGetHandle(),
            await PragmaAsync(connection, "synchronous", cancellationToken),
            await PragmaAsync(connection, "cache_size", cancellationToken),
            await PragmaAsync(connection, "busy_timeout", cancellationToken));
    }

    private static async Task<long> PragmaAsync(SqliteConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
