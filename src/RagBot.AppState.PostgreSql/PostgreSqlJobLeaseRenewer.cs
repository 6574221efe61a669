using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RagBot.AppState.PostgreSql;

/// <summary>
/// Keeps this replica's job leases alive: every third of <see cref="PostgreSqlAppStateOptions.JobLeaseSeconds"/> it
/// extends the lease of every job it runs, in one statement. When the replica dies the renewals stop and, one
/// lease later, another replica takes its jobs over.
/// </summary>
public sealed partial class PostgreSqlJobLeaseRenewer : BackgroundService
{
    private readonly PostgreSqlJobStore _jobs;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgreSqlJobLeaseRenewer> _logger;

    public PostgreSqlJobLeaseRenewer(PostgreSqlJobStore jobs, PostgreSqlAppStateDatabase database, TimeProvider time, ILogger<PostgreSqlJobLeaseRenewer> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        _jobs = jobs;
        _interval = database.LeaseDuration / 3;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, _time, stoppingToken).ConfigureAwait(false);
                await _jobs.RenewLeasesAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The next renewal may still come in time; if not, another replica takes the jobs over, and
                // this one's records of them are refused (each is conditioned on the lease).
                LogRenewalFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew this replica's ingestion job leases")]
    private partial void LogRenewalFailed(Exception exception);
}
