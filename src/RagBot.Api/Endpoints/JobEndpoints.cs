using Microsoft.AspNetCore.Http.HttpResults;
using RagBot.Api.Security;
using RagBot.Api.Contracts;
using RagBot.Core.Jobs;
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
        group.MapDelete("/{id}", CancelAsync)
            .WithName("CancelJob")
            .WithSummary("Cancel a queued or running ingestion job; it ends failed (code Cancelled) and its partial work is removed.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetAsync(string id, IngestionJobQueue queue, HttpContext httpContext, CancellationToken cancellationToken)
    {
        // A job belongs to the scope that uploaded it (its tags carry that scope): to any other scope it does not exist.
        var job = await queue.GetAsync(id, cancellationToken);
        return job is null || !CallerScope.CanSee(httpContext.User, job.Tags) ? NotFound(id) : TypedResults.Ok(JobResponse.From(job));
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> CancelAsync(string id, IngestionJobQueue queue, HttpContext httpContext, CancellationToken cancellationToken)
    {
        // A scoped key cancels only its own tenant's uploads (a job carries its uploader's scope tag); others are not found.
        var job = await queue.GetAsync(id, cancellationToken);
        if (job is null || !CallerScope.CanSee(httpContext.User, job.Tags))
        {
            return NotFound(id);
        }

        if (job.IsFinished)
        {
            return Conflict(job, "it has already finished");
        }

        var ended = await queue.CancelJobAsync(id, cancellationToken) ?? job;
        return ended.IsFinished ? TypedResults.Ok(JobResponse.From(ended)) : Conflict(ended, "another RagBot process on the same data directory is running it");
    }

    private static ProblemHttpResult Conflict(IngestionJob job, string why) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        type: "https://ragbot.dev/problems/job-not-cancellable",
        title: "The job cannot be cancelled",
        detail: $"Job {job.Id} is {job.Status.ToString().ToLowerInvariant()}: {why}. To remove its document, DELETE /api/documents/{job.DocumentId}.");

    internal static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        type: "https://ragbot.dev/problems/job-not-found",
        title: "Job not found",
        detail: $"No ingestion job has the id '{id}'. Job ids come from the upload response (jobId, or its Location header).");
}
