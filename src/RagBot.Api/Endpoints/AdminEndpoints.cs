using Microsoft.AspNetCore.Http.HttpResults;
using RagBot.Api.Security;
using RagBot.Api.Contracts;
using RagBot.AppState;
using Microsoft.Extensions.Options;
using RagBot.Evaluation;
using RagBot.Indexing;

namespace RagBot.Api.Endpoints;

/// <summary>
/// Operator endpoints over the index generations. A reindex started here holds the data directory's reindex
/// lock, so a `ragbot reindex` on the same directory is refused (and the other way round, 409 here).
/// </summary>
internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The index holds every tenant's documents: only an unscoped admin may see its totals or rebuild it.
        var group = endpoints.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(RagBotRoles.AdminPolicy)
            .AddEndpointFilter(async (context, next) => CallerScope.ScopeOf(context.HttpContext.User) is { } scope ? ScopedAdminForbidden(scope) : await next(context))
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/index", GetIndexAsync)
            .WithName("GetIndex")
            .WithSummary("The active index generation, what built it, and the progress of a running reindex.");
        group.MapPost("/reindex", StartReindex)
            .WithName("StartReindex")
            .WithSummary("Starts a zero-downtime reindex in the background (202), or 409 when one is already running.");
        group.MapGet("/eval", GetLastEvaluationAsync)
            .WithName("GetLastEvaluation")
            .WithSummary("The last retrieval evaluation saved by `ragbot eval --save` (<DataDirectory>/eval/last.json), or 404 when none was saved.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static ProblemHttpResult ScopedAdminForbidden(string scope) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        type: "https://ragbot.dev/problems/unscoped-admin-required",
        title: "Index administration needs an unscoped admin key",
        detail: $"This key is limited to '{scope}', but the index serves every scope; use an admin key without a Scope.");

    private static async Task<Ok<IndexStatusResponse>> GetIndexAsync(IIndexAdministration index, CancellationToken cancellationToken) =>
        TypedResults.Ok(IndexStatusResponse.From(await index.GetOverviewAsync(cancellationToken)));

    private static async Task<Results<Ok<SavedEvaluation>, ProblemHttpResult>> GetLastEvaluationAsync(IOptions<DataDirectoryOptions> dataDirectory, CancellationToken cancellationToken)
    {
        try
        {
            return await LastEvaluationFile.ReadAsync(dataDirectory.Value.FullPath, cancellationToken) is { } saved
                ? TypedResults.Ok(saved)
                : TypedResults.Problem(
                    "No evaluation has been saved in this data directory. Run `ragbot eval --dataset <BEIR folder> --save` with the same data directory.",
                    statusCode: StatusCodes.Status404NotFound, title: "No saved evaluation", type: "https://ragbot.dev/problems/evaluation-not-found");
        }
        catch (InvalidDataException e)
        {
            return TypedResults.Problem(
                $"{e.Message} Run `ragbot eval --dataset <BEIR folder> --save` again to replace it.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "The saved evaluation cannot be read", type: "https://ragbot.dev/problems/evaluation-unreadable");
        }
    }

    private static Results<Accepted<ReindexStatusResponse>, ProblemHttpResult> StartReindex(IIndexAdministration index)
    {
        try
        {
            return TypedResults.Accepted("/api/admin/index", ReindexStatusResponse.From(index.StartReindex()));
        }
        catch (ReindexInProgressException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "A reindex is already running", type: "https://ragbot.dev/problems/reindex-in-progress");
        }
    }
}
