using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RagBot.AppState;

/// <summary>Probes the SQLite app-state file in the data directory.</summary>
public sealed class SqliteAppStateProbe : IAppStateProbe
{
    private readonly AppStateDatabase _database;
    private readonly string _readOnly;

    public SqliteAppStateProbe(AppStateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _readOnly = new SqliteConnectionStringBuilder { DataSource = database.DatabasePath, Mode = SqliteOpenMode.ReadOnly, DefaultTimeout = 1 }.ToString();
    }

    public string Description => $"SQLite '{_database.DatabasePath}'";

    public async Task<long> CountDocumentsAsync(CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM documents";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>Reads the file read-only, so counting never creates the database nor waits on a writer for long.</summary>
    public long? CountQueuedJobs()
    {
        try
        {
            using var connection = new SqliteConnection(_readOnly);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM jobs WHERE status = 'queued'";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            // No database yet, or no jobs table in this schema version.
            return null;
        }
    }
}
