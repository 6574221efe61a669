using Microsoft.Data.Sqlite;
using RagBot.VectorData.Sqlite;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// The store's pragmas are given once per pooled connection, not on every open: a connection the pool hands out again
/// must still carry them, and one that another store on the same file configured otherwise must get this store's.
/// </summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private const long Normal = 1;
    private const long Full = 2;

    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task A_reused_pooled_connection_keeps_the_store_settings()
    {
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

    private static async Task<(IntPtr Handle, long Synchronous, long CacheSize, long BusyTimeout)> SettingsAsync(StoreContext context)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await context.Database.OpenAsync(cancellationToken);
        return (connection.Handle!.DangerousGetHandle(),
            await ScalarAsync(connection, "PRAGMA synchronous", cancellationToken),
            await ScalarAsync(connection, "PRAGMA cache_size", cancellationToken),
            await ScalarAsync(connection, "PRAGMA busy_timeout", cancellationToken));
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
