using Microsoft.AspNetCore.Http.HttpResults;
using RagBot.Api.Security;
using RagBot.Api.Contracts;
using RagBot.Ingestion.Jobs;

namespace RagBot.Api.Endpoints;

internal static class JobEndpoints
{
    public static RouteGroupBuilder MapJobEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(RagBotRoles.AdminPolicy);
        group.MapGet("/{id}", GetAsync)
            .WithName("GetJob")
            .WithSummary("Get an ingestion job's status, progress and failure reason.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetAsync(string id, IngestionJobQueue queue, HttpContext httpContext, CancellationToken cancellationToken)
    {
        // A job belongs to the scope that uploaded it (its tags carry that scope): to any other scope it does not exist.
        var job = await queue.GetAsync(id, cancellationToken);
        return job is null || !CallerScope.CanSee(httpContext.User, job.Tags) ? NotFound(id) : TypedResults.Ok(JobResponse.From(job));
    }

    internal static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        type: "https://ragbot.dev/problems/job-not-found",
        title: "Job not found",
        detail: $"No ingestion job has the id '{id}'. Job ids come from the upload response (jobId, or its Location header).");
}
