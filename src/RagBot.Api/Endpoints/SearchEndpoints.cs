using Microsoft.AspNetCore.Http.HttpResults;
using RagBot.Api.Contracts;
using RagBot.Api.Infrastructure;
using RagBot.Api.Security;
using RagBot.Chat;
using RagBot.Core.Text;
using RagBot.Retrieval;

namespace RagBot.Api.Endpoints;

internal static class SearchEndpoints
{
    public static RouteGroupBuilder MapSearchEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/search").WithTags("Search")
            .RequireAuthorization(RagBotRoles.UserPolicy).RequireRateLimiting(SecurityServiceCollectionExtensions.ChatRateLimit);
        group.MapPost("/", SearchAsync)
            .WithMetadata(JsonBodyLimit.Question)
            .WithName("Search")
            .WithSummary("Retrieval only: the ranked chunks chat would use, with scores.")
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<Results<Ok<List<SearchHit>>, ValidationProblem>> SearchAsync(SearchRequest request, HybridRetriever retriever, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var filters = request.Filters ?? [];
        if (Tags.DescribeFirstInvalid(filters) is { } invalid)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["filters"] = [invalid] });
        }

        var chunks = await retriever.RetrieveAsync(
            new RetrievalRequest(request.Query!.Trim()) { Tags = CallerScope.Restrict(httpContext.User, filters), TopK = request.TopK, MinRelevance = request.MinScore ?? -1 },
            cancellationToken);
        return TypedResults.Ok(chunks.Select((c, i) => new SearchHit(
            i + 1,
            c.Chunk.DocumentId,
            c.Chunk.Source,
            c.Chunk.Ordinal,
            c.Chunk.PageStart > 0 ? c.Chunk.PageStart : null,
            c.Chunk.PageEnd > c.Chunk.PageStart ? c.Chunk.PageEnd : null,
            c.Chunk.HeadingPath.Length > 0 ? c.Chunk.HeadingPath : null,
            CitationFactory.ContentUrl(c.Chunk.DocumentId, c.Chunk.PageStart),
            SourceText.Neutralize(c.Chunk.Text),
            Math.Round(c.Score, 5),
            c.VectorSimilarity is { } s ? Math.Round(s, 4) : null)).ToList());
    }
}
