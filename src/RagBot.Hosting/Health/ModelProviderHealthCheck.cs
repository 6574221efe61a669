using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RagBot.Hosting.Health;

/// <summary>Ready when the configured chat model or embedder answers (see <see cref="ModelProviderProbe"/>).</summary>
public sealed class ModelProviderHealthCheck : IHealthCheck
{
    private readonly ModelProviderProbe _probe;
    private readonly ModelEndpoint _endpoint;

    public ModelProviderHealthCheck(ModelProviderProbe probe, ModelEndpoint endpoint)
    {
        _probe = probe;
        _endpoint = endpoint;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _probe.ProbeAsync(_endpoint, cancellationToken);
}
