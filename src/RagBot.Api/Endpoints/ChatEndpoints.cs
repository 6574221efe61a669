using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using RagBot.Api.Security;
using RagBot.Api.Contracts;
using RagBot.Api.Infrastructure;
using RagBot.Chat;
using RagBot.Core.Text;

namespace RagBot.Api.Endpoints;

internal static class ChatEndpoints
{
    public const string CitationsEventName = "citations";
    public const string DeltaEventName = "delta";
    public const string DoneEventName = "done";
    public const string ErrorEventName = "error";

    public static RouteGroupBuilder MapChatEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/chat").WithTags("Chat")
            .RequireAuthorization(RagBotRoles.UserPolicy).RequireRateLimiting(SecurityServiceCollectionExtensions.ChatRateLimit);
        group.MapPost("/", AskAsync)
            .WithMetadata(JsonBodyLimit.Question)
            .WithName("Chat")
            .WithSummary("Answer a question from the documents, with citations (JSON, or server-sent events with Accept: text/event-stream or \"stream\": true).")
            .Produces<ChatResponse>(contentType: "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/sessions/{id}", GetSessionAsync)
            .WithName("GetChatSession")
            .WithSummary("A chat session with its turns (question, standalone query, answer, mode, citations).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/sessions/{id}", DeleteSessionAsync)
            .WithName("DeleteChatSession")
            .WithSummary("Delete a chat session and its turns.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<ChatResponse>, ServerSentEventsResult<object>, ValidationProblem, ProblemHttpResult>> AskAsync(
        ChatRequest request, GroundedChatService chat, HttpContext httpContext, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var filters = request.Filters ?? [];
        if (Tags.DescribeFirstInvalid(filters) is { } invalid)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["filters"] = [invalid] });
        }

        // Session ids are per key (OwnedChatSessions, inside Chat): the same id from another key is another session.
        var question = new ChatQuestion(request.Message!.Trim())
        {
            SessionId = request.SessionId,
            Owner = CallerScope.OwnerOf(httpContext.User),
            Tags = CallerScope.Restrict(httpContext.User, filters),
            TopK = request.TopK,
            MinScore = request.MinScore,
        };
        if (request.Stream == true || WantsEventStream(httpContext.Request))
        {
            var logger = loggers.CreateLogger(typeof(ChatEndpoints).FullName!);
            return TypedResults.ServerSentEvents(ToServerSentEventsAsync(chat.StreamAsync(question, cancellationToken), httpContext, logger, cancellationToken));
        }

        var answer = await chat.AskAsync(question, cancellationToken);
        return TypedResults.Ok(ChatResponse.From(answer));
    }

    private static async Task<Results<Ok<ChatSessionResponse>, ProblemHttpResult>> GetSessionAsync(string id, OwnedChatSessions sessions, HttpContext httpContext, CancellationToken cancellationToken) =>
        await sessions.GetAsync(CallerScope.OwnerOf(httpContext.User), id, cancellationToken) is { } session
            ? TypedResults.Ok(ChatSessionResponse.From(session))
            : SessionNotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSessionAsync(string id, OwnedChatSessions sessions, HttpContext httpContext, CancellationToken cancellationToken) =>
        await sessions.DeleteAsync(CallerScope.OwnerOf(httpContext.User), id, cancellationToken)
            ? TypedResults.NoContent()
            : SessionNotFound(id);

    private static ProblemHttpResult SessionNotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        type: RagBotExceptionHandler.TypeBase + "session-not-found",
        title: "Chat session not found",
        detail: $"There is no chat session '{id}'. Sessions are created by POST /api/chat; a deleted session is gone for good.");

    private static bool WantsEventStream(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase));

    private static async IAsyncEnumerable<SseItem<object>> ToServerSentEventsAsync(
        IAsyncEnumerable<ChatStreamEvent> events, HttpContext httpContext, ILogger logger, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                SseItem<object> item;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    item = ToItem(enumerator.Current);
                }
                // The response has started: any failure must reach the client as the stream's error event.
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    item = new SseItem<object>(StreamProblems.From(exception, httpContext, logger), ErrorEventName);
                }

                yield return item;
                if (item.EventType == ErrorEventName)
                {
                    yield break;
                }
            }
        }
    }

    private static SseItem<object> ToItem(ChatStreamEvent streamEvent) => streamEvent switch
    {
        SourcesEvent sources => new SseItem<object>(new ChatSourcesEvent(sources.SessionId, sources.Sources), CitationsEventName),
        DeltaEvent delta => new SseItem<object>(new ChatDeltaEvent(delta.Text), DeltaEventName),
        AnswerEvent done => new SseItem<object>(ChatResponse.From(done.Answer), DoneEventName),
        _ => throw new InvalidOperationException($"Unknown chat stream event {streamEvent.GetType().Name}."),
    };
}
