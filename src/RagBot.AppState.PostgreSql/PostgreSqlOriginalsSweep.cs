namespace RagBot.AppState.PostgreSql;

/// <summary>
/// The originals sweep for originals kept in PostgreSQL: one statement deletes the rows no document and no queued or
/// running job references, older than <see cref="OriginalsSweep.Grace"/> by the database's clock. The grace period
/// spares an upload another replica has stored and not yet recorded its job for; replicas sweeping at once only
/// delete the same rows.
/// </summary>
public sealed class PostgreSqlOriginalsSweep : IOriginalsSweep
{
    private readonly PostgreSqlAppStateDatabase _database;

    public PostgreSqlOriginalsSweep(PostgreSqlAppStateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken cancellationToken) =>
        await _database.QueryAsync(
            """
            DELETE FROM originals o
            WHERE o.created_at < now() - @grace
              AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = o.sha256)
              AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.sha256 = o.sha256 AND j.status IN ('queued', 'running'))
            RETURNING o.sha256
            """,
            r => r.GetString(0),
            cancellationToken,
            ("grace", OriginalsSweep.Grace)).ConfigureAwait(false);
}
