using System.Globalization;

namespace RagBot.AppState;

/// <summary>Probes the SQLite app-state file in the data directory.</summary>
public sealed class SqliteAppStateProbe : IAppStateProbe
{
    private readonly AppStateDatabase _database;

    public SqliteAppStateProbe(AppStateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public string Description => $"SQLite '{_database.DatabasePath}'";

    public async Task<long> CountDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM documents";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
