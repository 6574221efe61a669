using Microsoft.Data.Sqlite;
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

    public AppStateDatabase(IOptions<DataDirectoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.Value.FullPath);
        DatabasePath = Path.Combine(options.Value.FullPath, "ragbot.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true, DefaultTimeout = 30 }.ToString();
        _initialized = new RetryingInitialization(InitializeAsync);
    }

    public string DatabasePath { get; }

    /// <summary>Opens a connection with the schema in place and a busy timeout set.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _initialized.EnsureAsync(cancellationToken).ConfigureAwait(false);
        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
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
