using Microsoft.Extensions.Diagnostics.HealthChecks;
using RagBot.Core.Indexing;

namespace RagBot.Hosting.Health;

/// <summary>Ready when the active chunk collection exists in the vector store.</summary>
public sealed class VectorStoreHealthCheck : IHealthCheck
{
    private readonly IChunkCollectionProvider _collections;

    public VectorStoreHealthCheck(IChunkCollectionProvider collections)
    {
        _collections = collections;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var collection = await _collections.GetActiveCollectionAsync(cancellationToken).ConfigureAwait(false);
            return await collection.CollectionExistsAsync(cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy($"collection '{collection.Name}' is reachable")
                : HealthCheckResult.Unhealthy($"collection '{collection.Name}' does not exist");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The vector store is unreachable: {ex.GetType().Name}.");
        }
    }
}
