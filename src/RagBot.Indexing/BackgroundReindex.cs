using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RagBot.Indexing;

/// <summary>
/// Runs one reindex at a time in the background of a long-running host (the API's admin endpoint), holding
/// the data directory's reindex lock for its whole duration, and reports its progress.
/// </summary>
public sealed partial class BackgroundReindex : IDisposable
{
    private readonly IndexReindexer _reindexer;
    private readonly TimeProvider _time;
    private readonly ILogger<BackgroundReindex> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _sync = new();
    private ReindexStatus _status = new();

    public BackgroundReindex(IndexReindexer reindexer, TimeProvider time, ILogger<BackgroundReindex> logger, IHostApplicationLifetime? lifetime = null)
    {
        _reindexer = reindexer;
        _time = time;
        _logger = logger;
        lifetime?.ApplicationStopping.Register(_stopping.Cancel);
    }

    public ReindexStatus Status
    {
        get
        {
            lock (_sync)
            {
                return _status;
            }
        }
    }

    /// <summary>Starts a reindex; throws <see cref="ReindexInProgressException"/> when one is running here or in another process.</summary>
    public void Start()
    {
        lock (_sync)
        {
            if (_status.Running)
            {
                throw new ReindexInProgressException("A reindex started through the API is already running; GET /api/admin/index shows its progress.");
            }

            var held = _reindexer.AcquireLock("the RagBot API");
            _status = new ReindexStatus { Running = true, StartedAt = _time.GetUtcNow(), LastReport = _status.LastReport };
            _ = Task.Run(() => RunAsync(held));
        }
    }

    private async Task RunAsync(IDisposable held)
    {
        using (held)
        {
            try
            {
                var progress = new Progress<ReindexProgress>(p => Update(s => s with { Done = p.Done, Total = p.Total }));
                var report = await _reindexer.RunLockedAsync(progress, _stopping.Token).ConfigureAwait(false);
                Update(s => s with { Running = false, FinishedAt = _time.GetUtcNow(), LastReport = report, Error = null });
                LogFinished(_logger, report.Activated.Id, report.Indexed);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Update(s => s with { Running = false, FinishedAt = _time.GetUtcNow(), Error = ex is OperationCanceledException ? "stopped (run it again to resume)" : ex.Message });
                LogFailed(_logger, ex);
            }
        }
    }

    private void Update(Func<ReindexStatus, ReindexStatus> change)
    {
        lock (_sync)
        {
            _status = change(_status);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reindex finished: generation {GenerationId} active, {Indexed} documents indexed")]
    private static partial void LogFinished(ILogger logger, long generationId, int indexed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reindex failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
