namespace RagBot.AppState.PostgreSql;

/// <summary>Readiness of the PostgreSQL app state: the schema is migrated and the documents table answers.</summary>
public sealed class PostgreSqlAppStateProbe : IAppStateProbe
{
    private readonly PostgreSqlAppStateDatabase _database;

    public PostgreSqlAppStateProbe(PostgreSqlAppStateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public string Description => _database.Description;

    public async Task<long> CountDocumentsAsync(CancellationToken cancellationToken) =>
        (await _database.QueryAsync("SELECT count(*) FROM documents", r => r.GetInt64(0), cancellationToken).ConfigureAwait(false))[0];

    public long? CountQueuedJobs() => _database.CountQueuedJobsNow();
}
