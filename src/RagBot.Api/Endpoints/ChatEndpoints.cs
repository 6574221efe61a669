using Microsoft.AspNetCore.Http.HttpResults;
using RagBot.Api.Contracts;
using RagBot.Chat;
using RagBot.Core.Text;

namespace RagBot.Api.Endpoints;

internal static class ChatEndpoints
{
    public static RouteGroupBuilder MapChatEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/chat").WithTags("Chat");
        group.MapPost("/", AskAsync)
            .WithName("Chat")
            .WithSummary("Answer a question from the documents, with citations.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<Results<Ok<ChatResponse>, ValidationProblem>> AskAsync(ChatRequest request, GroundedChatService chat, CancellationToken cancellationToken)
    {
        var filters = request.Filters ?? [];
        var badFilter = filters.FirstOrDefault(f => !Tags.IsValid(f));
        if (badFilter is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["filters"] = [$"'{badFilter}' is not a valid tag: use {Tags.Rule}."] });
        }

        var answer = await chat.AskAsync(
            new ChatQuestion(request.Message!.Trim()) { SessionId = request.SessionId, Tags = filters, TopK = request.TopK, MinScore = request.MinScore },
            cancellationToken);
        var usage = answer.Usage is { } u ? new ChatUsage(u.InputTokenCount, u.OutputTokenCount, u.TotalTokenCount) : null;
        return TypedResults.Ok(new ChatResponse(answer.Answer, answer.Citations, answer.SessionId, answer.Mode, usage));
    }
}
