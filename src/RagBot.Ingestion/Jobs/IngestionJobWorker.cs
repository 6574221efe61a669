using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagBot.Core.Diagnostics;

namespace RagBot.Ingestion.Jobs;

/// <summary>
/// The hosted worker: on start it puts jobs interrupted by a crash back in the queue, then runs
/// <see cref="IngestionOptions.Workers"/> loops that each claim and run one job at a time. Loops wake when a job
/// is queued, and poll every second for retries that came due and jobs queued by another process.
/// </summary>
public sealed partial class IngestionJobWorker : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private readonly IngestionJobLifecycle _jobs;
    private readonly IngestionJobRunner _runner;
    private readonly IngestionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestionJobWorker> _logger;

    public IngestionJobWorker(
        IngestionJobLifecycle jobs,
        IngestionJobRunner runner,
        IOptions<IngestionOptions> options,
        TimeProvider time,
        ILogger<IngestionJobWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _jobs = jobs;
        _runner = runner;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!await RecoverAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        await Task.WhenAll(Enumerable.Range(0, _options.Workers).Select(_ => RunLoopAsync(stoppingToken)).Append(WatchStopRequestsAsync(stoppingToken))).ConfigureAwait(false);
    }

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var claimed = await _jobs.ClaimAsync(PollInterval, stoppingToken).ConfigureAwait(false);
                if (claimed is not null)
                {
                    var originalBytes = await _runner.RunAsync(claimed, stoppingToken).ConfigureAwait(false);
                    if (_options.ReleaseMemoryAfterBytes > 0 && originalBytes >= _options.ReleaseMemoryAfterBytes)
                    {
                        ManagedMemory.ReturnToSystem();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            // A failing app-state database must not stop the worker; it retries after the poll interval.
            catch (Exception ex)
            {
                LogLoopError(ex);
                await Task.WhenAny(Task.Delay(PollInterval, _time, stoppingToken)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Every poll interval, stops the jobs this process runs that another process asked to stop.</summary>
    private async Task WatchStopRequestsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, _time, stoppingToken).ConfigureAwait(false);
                await _jobs.ApplyStopRequestsAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failing app-state database must not stop the watch; the next poll tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogLoopError(ex);
            }
        }
    }

    /// <summary>
    /// Recovery, tried again every poll interval while the app-state database cannot be reached (a replica may start
    /// before its PostgreSQL): a failure here must neither stop the host nor leave the replica without workers.
    /// </summary>
    private async Task<bool> RecoverAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var recovered = await _jobs.RecoverInterruptedAsync(stoppingToken).ConfigureAwait(false);
                if (recovered > 0)
                {
                    LogRecovered(recovered);
                }

                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
#pragma warning disable CA1031 // Whatever the database threw, the worker waits and tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogLoopError(ex);
            }

            try
            {
                await Task.Delay(PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} ingestion jobs interrupted by the last shutdown were put back in the queue")]
    private partial void LogRecovered(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The ingestion worker could not claim or record a job")]
    private partial void LogLoopError(Exception exception);
}
