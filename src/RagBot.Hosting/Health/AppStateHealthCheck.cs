using Microsoft.Extensions.Diagnostics.HealthChecks;
using RagBot.AppState;

namespace RagBot.Hosting.Health;

/// <summary>Ready when the app-state database answers a query.</summary>
public sealed class AppStateHealthCheck : IHealthCheck
{
    private readonly IAppStateProbe _probe;

    public AppStateHealthCheck(IAppStateProbe probe)
    {
        _probe = probe;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var count = await _probe.CountDocumentsAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(FormattableString.Invariant($"{count} documents ({_probe.Description})"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The app-state database ({_probe.Description}) cannot be read: {ex.GetType().Name}.");
        }
    }
}
