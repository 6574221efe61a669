using Microsoft.Extensions.Diagnostics.HealthChecks;
using RagBot.AppState;

namespace RagBot.Hosting.Health;

/// <summary>Ready when the app-state database answers a query.</summary>
public sealed class AppStateHealthCheck : IHealthCheck
{
    private readonly AppStateDatabase _database;

    public AppStateHealthCheck(AppStateDatabase database)
    {
        _database = database;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM documents";
            var count = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{count} documents");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The app-state database cannot be read: {ex.GetType().Name}.");
        }
    }
}
