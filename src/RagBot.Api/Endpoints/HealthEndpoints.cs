using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RagBot.Api.Contracts;
using RagBot.Api.Security;
using RagBot.Hosting;

namespace RagBot.Api.Endpoints;

internal static class HealthEndpoints
{
    /// <summary><c>/health</c>: the process is up. <c>/health/ready</c>: each dependency with its status and reason.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", Liveness)
            .WithTags("Health")
            .WithName("Liveness")
            .WithSummary("Liveness: the process is running.")
            .WithDescription("Always 200 while the process serves requests; checks no dependency.");
        endpoints.MapGet("/health/ready", ReadinessAsync)
            .WithTags("Health")
            .WithName("Readiness")
            .WithSummary("Readiness: every dependency with its status and reason.")
            .WithDescription("Checks the app-state database, the vector store, the chat model and the embedder; the reasons are shown only to a caller with a valid key. 200 when all are Healthy or Degraded, 503 when one is Unhealthy. Remote model providers are probed with GET {base}/models, cached briefly.")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static Ok<HealthResponse> Liveness() =>
        TypedResults.Ok(new HealthResponse(nameof(HealthStatus.Healthy), new Dictionary<string, HealthCheckEntry>()));

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> ReadinessAsync(HealthCheckService health, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains(RagBotHealthChecks.ReadyTag), cancellationToken);
        // Reasons name collections, paths and count every tenant's documents: only an unscoped caller reads them.
        var detailed = httpContext.User.Identity?.IsAuthenticated == true && CallerScope.ScopeOf(httpContext.User) is null;
        var body = new HealthResponse(
            report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckEntry(e.Value.Status.ToString(), detailed ? e.Value.Description : null)));
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }
}
