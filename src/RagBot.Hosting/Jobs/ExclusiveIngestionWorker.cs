using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagBot.AppState;
using RagBot.Ingestion.Jobs;

namespace RagBot.Hosting.Jobs;

/// <summary>
/// Runs the <see cref="IngestionJobWorker"/> only while this process holds the data directory's worker lock
/// (an exclusive lock on <c>ingestion-worker.lock</c>, released by the OS when the process dies). The worker's
/// crash recovery puts every job marked running back in the queue, which is only right when no other live process
/// is running them: a second API or host on the same data directory therefore only queues jobs (the lock holder
/// runs them) and takes over, recovery included, once the holder is gone.
/// </summary>
internal sealed partial class ExclusiveIngestionWorker : BackgroundService
{
    internal const string LockFileName = "ingestion-worker.lock";
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);
    private readonly IngestionJobWorker _worker;
    private readonly string _lockPath;
    private readonly TimeProvider _time;
    private readonly ILogger<ExclusiveIngestionWorker> _logger;

    public ExclusiveIngestionWorker(IngestionJobWorker worker, IOptions<DataDirectoryOptions> dataDirectory, TimeProvider time, ILogger<ExclusiveIngestionWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        _worker = worker;
        _lockPath = Path.Combine(dataDirectory.Value.FullPath, LockFileName);
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var held = TryLock();
        if (held is null)
        {
            LogWaiting(_lockPath);
            while (held is null)
            {
                try
                {
                    await Task.Delay(RetryInterval, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                held = TryLock();
            }

            LogTookOver(_lockPath);
        }

        await using (held.ConfigureAwait(false))
        {
            await _worker.StartAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Shutting down: the worker puts its running jobs back in the queue before the lock is released.
            }

            await _worker.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private FileStream? TryLock()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_lockPath)!);
            return new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another RagBot process runs the ingestion worker for this data directory ({LockPath}); this one queues jobs for it and takes over when it stops")]
    private partial void LogWaiting(string lockPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "This process now runs the ingestion worker ({LockPath})")]
    private partial void LogTookOver(string lockPath);
}
