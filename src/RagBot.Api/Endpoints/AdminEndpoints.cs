using Microsoft.AspNetCore.Http.HttpResults;
using RagBot.Api.Security;
using RagBot.Api.Contracts;
using RagBot.AppState;
using RagBot.Core.Embeddings;
using RagBot.Hosting.Indexing;

namespace RagBot.Api.Endpoints;

/// <summary>
/// Operator endpoints over the index generations. A reindex started here holds the data directory's reindex
/// lock, so a `ragbot reindex` on the same directory is refused (and the other way round, 409 here).
/// </summary>
internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(RagBotRoles.AdminPolicy);
        group.MapGet("/index", GetIndexAsync)
            .WithName("GetIndex")
            .WithSummary("The active index generation, what built it, and the progress of a running reindex.");
        group.MapPost("/reindex", StartReindex)
            .WithName("StartReindex")
            .WithSummary("Starts a zero-downtime reindex in the background (202), or 409 when one is already running.");
        return group;
    }

    private static async Task<Ok<IndexStatusResponse>> GetIndexAsync(
        ChunkCollectionProvider collections,
        IndexGenerationStore generations,
        CurrentIndexSpecification current,
        BackgroundReindex reindex,
        IEmbedderCatalog embedders,
        CancellationToken cancellationToken)
    {
        var active = await collections.GetActiveGenerationAsync(cancellationToken);
        var index = await collections.GetActiveIndexAsync(cancellationToken);
        var settings = await current.GetAsync(cancellationToken);
        return TypedResults.Ok(new IndexStatusResponse(
            active,
            await generations.GetBuildingAsync(cancellationToken),
            settings,
            !settings.Matches(active),
            await generations.ListAsync(cancellationToken),
            reindex.Status,
            IndexServing.Of(index, embedders)));
    }

    private static Results<Accepted<ReindexStatus>, ProblemHttpResult> StartReindex(BackgroundReindex reindex)
    {
        try
        {
            reindex.Start();
        }
        catch (ReindexInProgressException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "A reindex is already running", type: "https://ragbot.dev/problems/reindex-in-progress");
        }

        return TypedResults.Accepted("/api/admin/index", reindex.Status);
    }
}
