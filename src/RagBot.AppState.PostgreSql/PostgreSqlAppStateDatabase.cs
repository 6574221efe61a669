using Microsoft.Extensions.Options;
using Npgsql;

namespace RagBot.AppState.PostgreSql;

/// <summary>
/// The PostgreSQL app-state database: one pooled <see cref="NpgsqlDataSource"/> per process. The schema is
/// versioned in <c>ragbot_schema_migrations</c> and brought up to date on first use (again on the next use when the database could not be reached), under a transaction-scoped
/// advisory lock, so replicas starting together apply each migration once and the others wait, then see it.
/// </summary>
public sealed class PostgreSqlAppStateDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _gaugeSource;
    private readonly RetryingInitialization _migrated;

    public PostgreSqlAppStateDatabase(IOptions<PostgreSqlAppStateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
        // Metrics callbacks block their exporter: a database that does not answer at once is skipped, not waited for.
        _gaugeSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Timeout = 1, CommandTimeout = 1, MaxPoolSize = 2 });
        _migrated = new RetryingInitialization(MigrateAsync);
        LeaseDuration = TimeSpan.FromSeconds(options.Value.JobLeaseSeconds);
    }

    /// <summary>Host, port and database (no credentials), for messages and readiness.</summary>
    public string Description { get; }

    /// <summary>How long a job claim lasts without renewal (<see cref="PostgreSqlAppStateOptions.JobLeaseSeconds"/>).</summary>
    public TimeSpan LeaseDuration { get; }

    /// <summary>This process's identity as a job lease holder: unique per start, so a restarted replica never mistakes a dead run's jobs for its own.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Opens a pooled connection with the schema in place.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _migrated.EnsureAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A connection outside the pool, for a session-scoped advisory lock that must end with the connection.</summary>
    internal NpgsqlConnection CreateUnpooledConnection()
    {
        var builder = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString) { Pooling = false };
        return new NpgsqlConnection(builder.ConnectionString);
    }

    /// <summary>Applies the missing migrations; safe when several replicas call it at once.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionDisposal = transaction.ConfigureAwait(false);
        var command = connection.CreateCommand();
        await using var commandDisposal = command.ConfigureAwait(false);
        command.Transaction = transaction;
        // The lock comes first: two concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalog.
        command.CommandText = $"SELECT pg_advisory_xact_lock({PostgreSqlLockKeys.Migrations})";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS ragbot_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
            SELECT COALESCE(MAX(version), 0) FROM ragbot_schema_migrations;
            """;
        var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (version > PostgreSqlAppStateSchema.Version)
        {
            throw new InvalidOperationException(
                $"The app-state database {Description} has schema version {version}, newer than this RagBot ({PostgreSqlAppStateSchema.Version}). Upgrade every replica to the same RagBot version.");
        }

        for (var next = version; next < PostgreSqlAppStateSchema.Version; next++)
        {
            command.CommandText = PostgreSqlAppStateSchema.Migrations[next] +
                FormattableString.Invariant($"\nINSERT INTO ragbot_schema_migrations (version) VALUES ({next + 1});");
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The queued jobs, synchronously with one-second timeouts (for the <c>ragbot.jobs.queued</c> gauge); null when the database does not answer or has no jobs table yet.</summary>
    internal long? CountQueuedJobsNow()
    {
        try
        {
            using var connection = _gaugeSource.OpenConnection();
            using var command = new NpgsqlCommand("SELECT count(*) FROM jobs WHERE status = 'queued'", connection);
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gaugeSource.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
