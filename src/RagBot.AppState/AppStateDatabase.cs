using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Microsoft.Extensions.Options;

namespace RagBot.AppState;

/// <summary>
/// The app-state SQLite file (<c>ragbot.db</c> in the data directory): documents, jobs, sessions and index
/// generations. WAL mode lets readers run while one writer commits. The schema is versioned with
/// <c>PRAGMA user_version</c> and created on first use (tried again on a later use if that fails).
/// </summary>
public sealed class AppStateDatabase
{
    private readonly string _connectionString;
    private readonly RetryingInitialization _initialized;

    // What each pooled connection (its native handle, which the pool reuses) was configured with: whether it flushes
    // commits. Process-wide, like the pool: two instances on one file (a host restarted in the same process) share its
    // connections, so each must see what the other set.
    private static readonly ConditionalWeakTable<sqlite3, StrongBox<bool>> Configured = new();

    public AppStateDatabase(IOptions<DataDirectoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.Value.FullPath);
        DatabasePath = Path.Combine(options.Value.FullPath, "ragbot.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true, DefaultTimeout = 30 }.ToString();
        _initialized = new RetryingInitialization(InitializeAsync);
    }

    public string DatabasePath { get; }

    /// <summary>Opens a connection with the schema in place and a busy timeout set; its commits are flushed to disk.</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(flushCommits: true, cancellationToken);

    /// <summary>
    /// Opens a connection with the schema in place and a busy timeout set. With <paramref name="flushCommits"/> false
    /// a commit reaches the operating system but is not flushed to disk (<c>synchronous = NORMAL</c> in WAL mode): it
    /// survives the process being killed, not a power cut. For writes that may be lost that way (chat turns), not for
    /// documents and jobs: their commit waits for the disk (~4 ms), and while it waits every other writer waits too.
    /// </summary>
    public async Task<SqliteConnection> OpenAsync(bool flushCommits, CancellationToken cancellationToken)
    {
        await _initialized.EnsureAsync(cancellationToken).ConfigureAwait(false);
        return await OpenRawAsync(flushCommits, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a connection for reads only. It keeps whichever commit mode the pooled connection last had: a read commits
    /// nothing, and switching a chat turn's relaxed connection back to flushed commits for the chat's reads (active
    /// generation, document versions) cost a statement on most chats under load. Never write through it.
    /// </summary>
    public async Task<SqliteConnection> OpenForReadAsync(CancellationToken cancellationToken)
    {
        await _initialized.EnsureAsync(cancellationToken).ConfigureAwait(false);
        return await OpenRawAsync(flushCommits: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenRawAsync(bool? flushCommits, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ConfigureAsync(connection, flushCommits, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Sets the connection's pragmas. They live on the pooled connection, so a connection the pool hands out again
    /// only gets what differs from what it was last given (usually nothing; <c>synchronous</c> when a chat turn's
    /// relaxed connection now serves a flushed write, or the reverse): three statements on every open were a
    /// measurable share of a chat under load, which opens the app state three times.
    /// </summary>
    /// <remarks>A null <paramref name="flushCommits"/> (a read) takes the mode as it is; a new connection flushes.</remarks>
    private async Task ConfigureAsync(SqliteConnection connection, bool? flushCommits, CancellationToken cancellationToken)
    {
        var handle = connection.Handle!;
        var known = Configured.TryGetValue(handle, out var flushes);
        if (known && (flushCommits is null || flushes!.Value == flushCommits))
        {
            return;
        }

        var flush = flushCommits ?? true;
        using var pragma = connection.CreateCommand();
        var synchronous = flush ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
        pragma.CommandText = known ? synchronous : "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; " + synchronous;
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        // One caller holds a pooled connection at a time, so its entry is never written concurrently.
        Configured.AddOrUpdate(handle, new StrongBox<bool>(flush));
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenRawAsync(flushCommits: true, cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadVersionAsync(command, cancellationToken).ConfigureAwait(false) == AppStateSchema.Version)
        {
            return;
        }

        // BEGIN IMMEDIATE (the default here) takes the write lock before the version is read again: another process
        // migrating the same new file at the same moment finishes first, and this one then finds nothing to do.
        using var transaction = connection.BeginTransaction();
        command.Transaction = transaction;
        var version = await ReadVersionAsync(command, cancellationToken).ConfigureAwait(false);
        if (version > AppStateSchema.Version)
        {
            throw new InvalidOperationException(
                $"The app-state database '{DatabasePath}' has schema version {version}, newer than this RagBot ({AppStateSchema.Version}). Upgrade RagBot or point RagBot:DataDirectory elsewhere.");
        }

        foreach (var migration in AppStateSchema.Migrations.Skip(version))
        {
            command.CommandText = migration;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        command.CommandText = $"PRAGMA user_version = {AppStateSchema.Version}";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> ReadVersionAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
