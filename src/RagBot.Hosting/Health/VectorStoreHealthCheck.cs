using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RagBot.Core.Embeddings;
using RagBot.Core.Indexing;
using RagBot.Indexing;

namespace RagBot.Hosting.Health;

/// <summary>
/// Ready when the active chunk collection exists in the vector store. While the index is rebuilt for a changed
/// embedder it is Degraded (still ready: chat serves the old generation), and says how far the rebuild is.
/// </summary>
public sealed class VectorStoreHealthCheck : IHealthCheck
{
    private readonly IChunkCollectionProvider _collections;
    private readonly BackgroundReindex? _reindex;
    private readonly IEmbedderCatalog? _embedders;

    public VectorStoreHealthCheck(IChunkCollectionProvider collections, BackgroundReindex? reindex = null, IEmbedderCatalog? embedders = null)
    {
        _collections = collections;
        _reindex = reindex;
        _embedders = embedders;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var index = await _collections.GetActiveIndexAsync(cancellationToken).ConfigureAwait(false);
            var collection = index.Collection;
            if (!await collection.CollectionExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                return HealthCheckResult.Unhealthy($"collection '{collection.Name}' does not exist");
            }

            return index.MatchesConfiguredEmbedder
                ? HealthCheckResult.Healthy($"collection '{collection.Name}' is reachable")
                : HealthCheckResult.Degraded(Rebuilding(index));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The vector store is unreachable: {ex.GetType().Name}.");
        }
    }

    private string Rebuilding(ActiveIndex index)
    {
        var status = _reindex?.Status;
        var progress = status switch
        {
            { Running: true } => string.Create(CultureInfo.InvariantCulture, $"reindex running, {status.Done}/{status.Total} documents"),
            { Error: { } error } => $"the last reindex failed ({error}); POST /api/admin/reindex retries",
            _ => "reindex not started yet (RagBot:Reindex:Automatic, or POST /api/admin/reindex)",
        };
        return $"index generation {index.GenerationId} was built with '{index.EmbedderModelId}', not the configured embedder: {progress}; " +
            $"chat serves it meanwhile ({IndexServing.Of(index, _embedders)})";
    }
}
