using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using RagBot.AppState;
using RagBot.Core.Diagnostics;

namespace RagBot.Hosting.Telemetry;

/// <summary>
/// Publishes <c>ragbot.jobs.queued</c>: ingestion jobs waiting in the app-state database. Reads the
/// database read-only at each collection; reports nothing while the database or its jobs table does not exist.
/// </summary>
public sealed class JobQueueGauge : IHostedService, IDisposable
{
    private readonly Meter _meter;
    private readonly string _connectionString;

    public JobQueueGauge(IMeterFactory meters, AppStateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(database);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = database.DatabasePath, Mode = SqliteOpenMode.ReadOnly, DefaultTimeout = 1 }.ToString();
        _meter = meters.Create(RagBotTelemetry.Name);
        _meter.CreateObservableGauge("ragbot.jobs.queued", Observe, "{job}", "Ingestion jobs waiting to run.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> Observe()
    {
        long? queued;
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM jobs WHERE status = 'queued'";
            queued = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            // No database yet, or no jobs table in this schema version: nothing to report.
            queued = null;
        }

        return queued is { } value ? [new Measurement<long>(value)] : [];
    }
}
