using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RagBot.Indexing;

/// <summary>
/// Starts the zero-downtime reindex by itself when the configured embedder differs from the one that built the
/// active index (an upgrade to a new default embedder, a changed model setting), so nobody has to run
/// <c>ragbot reindex</c> and chat never answers 503 meanwhile: it serves from the old generation (see
/// <c>HybridRetriever.SearchIndexAsync</c>). Checks at start and every <see cref="CheckInterval"/>; a reindex held by another
/// process (<c>ragbot reindex</c>, another API) is left to finish. A chunking-only change does not start one:
/// the old index still answers correctly, and the operator chooses when to pay for the rebuild.
/// </summary>
internal sealed partial class AutomaticReindexService : BackgroundService
{
    internal static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);
    private readonly BackgroundReindex _reindex;
    private readonly ChunkCollectionProvider _collections;
    private readonly ReindexOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AutomaticReindexService> _logger;

    public AutomaticReindexService(
        BackgroundReindex reindex, ChunkCollectionProvider collections, IOptions<ReindexOptions> options, TimeProvider time, ILogger<AutomaticReindexService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _reindex = reindex;
        _collections = collections;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Automatic)
        {
            return;
        }

        await Task.Yield();
        using var timer = new PeriodicTimer(CheckInterval, _time);
        do
        {
            await StartIfNeededAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Starts a reindex when the embedder changed and none runs; true when one was started.</summary>
    internal async Task<bool> StartIfNeededAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_reindex.Status.Running)
            {
                return false;
            }

            var index = await _collections.GetActiveIndexAsync(cancellationToken).ConfigureAwait(false);
            if (index.MatchesConfiguredEmbedder)
            {
                return false;
            }

            _reindex.Start();
            LogStarted(_logger, index.EmbedderModelId, index.GenerationId);
            return true;
        }
        catch (ReindexInProgressException ex)
        {
            LogHeldElsewhere(_logger, ex.Message);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store may be down at start: the next check tries again.
            LogCheckFailed(_logger, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedder changed since index generation {GenerationId} was built with '{ModelId}': rebuilding it in the background (RagBot:Reindex:Automatic); chat serves the old generation meanwhile")]
    private static partial void LogStarted(ILogger logger, string modelId, long generationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The embedder changed, but a reindex already runs elsewhere: {Reason}")]
    private static partial void LogHeldElsewhere(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check whether the index needs rebuilding; trying again later")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
