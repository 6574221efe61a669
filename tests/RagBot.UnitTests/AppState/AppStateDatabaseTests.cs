using Microsoft.Extensions.Options;
using RagBot.AppState;

namespace RagBot.UnitTests.AppState;

public sealed class AppStateDatabaseTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ragbot-unit", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Processes_opening_a_new_file_at_once_create_the_schema_once_without_errors()
    {
        // Each database object is another process's view of the same new file; before the fix, two of them could both
        // read version 0 and the second failed with "table documents already exists".
        for (var round = 0; round < 10; round++)
        {
            var options = Options.Create(new DataDirectoryOptions { DataDirectory = Path.Combine(_root, round.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
            var opening = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                await using var connection = await new AppStateDatabase(options).OpenAsync(TestContext.Current.CancellationToken);
            }, TestContext.Current.CancellationToken));

            await Task.WhenAll(opening);
        }
    }

    [Fact]
    public async Task A_relaxed_connection_back_in_the_pool_never_serves_a_flushed_write()
    {
        // Chat turns commit without a disk flush (synchronous = NORMAL); documents and jobs must keep FULL even when the
        // pool hands them the very connection a chat turn used (the pragma lives on the connection, not the file).
        var database = new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _root }));
        var token = TestContext.Current.CancellationToken;
        for (var round = 0; round < 3; round++)
        {
            using (var relaxed = await database.OpenAsync(flushCommits: false, token))
            {
                Assert.Equal(1L, await PragmaAsync(relaxed, "synchronous", token));
            }

            using var flushed = await database.OpenAsync(token);
            Assert.Equal(2L, await PragmaAsync(flushed, "synchronous", token));
        }
    }

    [Fact]
    public async Task A_pooled_connection_handed_out_again_keeps_its_busy_timeout_and_foreign_keys()
    {
        // Each pooled connection is configured once and then only gets what differs: whichever way it was last
        // opened, it still waits for the write lock and enforces foreign keys.
        // Two instances on one file share the pool (a host restarted in the same process): each sees what the other set.
        var options = Options.Create(new DataDirectoryOptions { DataDirectory = _root });
        AppStateDatabase[] databases = [new(options), new(options)];
        var token = TestContext.Current.CancellationToken;
        var round = 0;
        foreach (var flush in new[] { true, false, false, true, true, false, true, false })
        {
            using var connection = await databases[round++ % 2].OpenAsync(flush, token);
            Assert.Equal(10_000L, await PragmaAsync(connection, "busy_timeout", token));
            Assert.Equal(1L, await PragmaAsync(connection, "foreign_keys", token));
            Assert.Equal(flush ? 2L : 1L, await PragmaAsync(connection, "synchronous", token));
        }
    }

    [Fact]
    public async Task A_read_takes_the_pooled_connection_as_it_is_and_a_later_write_still_gets_its_mode()
    {
        // Reads do not switch the commit mode back and forth (a statement on most chats); writes still get theirs.
        var database = new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _root }));
        var token = TestContext.Current.CancellationToken;
        using (var fresh = await database.OpenForReadAsync(token))
        {
            Assert.Equal((10_000L, 1L, 2L), (await PragmaAsync(fresh, "busy_timeout", token), await PragmaAsync(fresh, "foreign_keys", token), await PragmaAsync(fresh, "synchronous", token)));
        }

        for (var round = 0; round < 3; round++)
        {
            using (var relaxed = await database.OpenAsync(flushCommits: false, token))
            {
                Assert.Equal(1L, await PragmaAsync(relaxed, "synchronous", token));
            }

            using (var read = await database.OpenForReadAsync(token))
            {
                Assert.Equal(1L, await PragmaAsync(read, "synchronous", token));
                Assert.Equal(10_000L, await PragmaAsync(read, "busy_timeout", token));
            }

            using var flushed = await database.OpenAsync(token);
            Assert.Equal(2L, await PragmaAsync(flushed, "synchronous", token));
        }
    }

    private static async Task<long> PragmaAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string name, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }
}
