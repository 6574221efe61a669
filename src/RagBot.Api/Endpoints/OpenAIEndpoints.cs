using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using RagBot.Api.Security;
using RagBot.Api.Contracts;
using RagBot.Api.Contracts.OpenAI;
using RagBot.Api.Infrastructure;
using RagBot.Chat;
using RagBot.Core.Text;

namespace RagBot.Api.Endpoints;

/// <summary>
/// RagBot as an OpenAI model: <c>POST /v1/chat/completions</c> (JSON or <c>data:</c> chunk stream ending in
/// <c>[DONE]</c>) and <c>GET /v1/models</c>, so OpenAI clients and chat UIs can use it unchanged. The last user
/// message is the question; earlier user/assistant pairs are the history. Nothing is stored in sessions.
/// </summary>
internal static class OpenAIEndpoints
{
    public const string ModelId = "ragbot";
    private const string Done = "[DONE]";
    private static readonly DateTimeOffset ModelCreated = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static RouteGroupBuilder MapOpenAIEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1").WithTags("OpenAI-compatible")
            .RequireAuthorization(RagBotRoles.UserPolicy).RequireRateLimiting(SecurityServiceCollectionExtensions.ChatRateLimit);
        group.MapPost("/chat/completions", CompleteAsync)
            .WithMetadata(JsonBodyLimit.Conversation)
            .WithName("OpenAIChatCompletions")
            .WithSummary("OpenAI-compatible chat completion answered from the documents ([n] markers + 'ragbot' extension field).");
        group.MapGet("/models", ListModels)
            .WithName("OpenAIModels")
            .WithSummary("The one model RagBot offers ('ragbot') and the mode it answers in.");
        group.MapGet("/models/{id}", GetModel)
            .WithName("OpenAIModel")
            .WithSummary("One model object ('ragbot').");
        return group;
    }

    private static async Task<IResult> CompleteAsync(
        OpenAIChatCompletionRequest request, GroundedChatService chat, HttpContext httpContext, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        var (question, error) = ToQuestion(request);
        if (question is null)
        {
            return InvalidRequest(error!);
        }

        question = question with { Tags = CallerScope.Restrict(httpContext.User, question.Tags) };

        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        if (request.Stream == true)
        {
            var logger = loggers.CreateLogger(typeof(OpenAIEndpoints).FullName!);
            var includeUsage = request.StreamOptions?.IncludeUsage == true;
            return TypedResults.ServerSentEvents(ChunksAsync(chat.StreamAsync(question, cancellationToken), id, created, includeUsage, httpContext, logger, cancellationToken));
        }

        var answer = await chat.AskAsync(question, cancellationToken);
        var completion = new OpenAIChatCompletion(
            id,
            created,
            ModelId,
            [new OpenAIChoice(0, new OpenAIResponseMessage("assistant", answer.Answer), "stop")],
            OpenAIUsage.From(answer.Usage),
            Extension(answer));
        return TypedResults.Json(completion, OpenAIJson.Options);
    }

    private static JsonHttpResult<OpenAIModelList> ListModels(GroundedChatService chat) =>
        TypedResults.Json(new OpenAIModelList([Model(chat)]), OpenAIJson.Options);

    private static IResult GetModel(string id, GroundedChatService chat) =>
        id == ModelId
            ? TypedResults.Json(Model(chat), OpenAIJson.Options)
            : TypedResults.Json(
                new OpenAIError(new OpenAIErrorDetail($"The model '{id}' does not exist; RagBot offers '{ModelId}'.", "invalid_request_error", "model", "model_not_found")),
                OpenAIJson.Options,
                statusCode: StatusCodes.Status404NotFound);

    private static OpenAIModel Model(GroundedChatService chat) =>
        new(ModelId, ModelCreated.ToUnixTimeSeconds(), "ragbot", new RagBotModelExtension(chat.ConfiguredMode));

    private static (ChatQuestion? Question, string? Error) ToQuestion(OpenAIChatCompletionRequest request)
    {
        var messages = request.Messages ?? [];
        if (messages.Any(m => m is null))
        {
            return (null, "'messages' must not contain null entries: each is an object with a 'role' and a 'content'.");
        }

        var lastUser = -1;
        for (var i = messages.Count - 1; i >= 0 && lastUser < 0; i--)
        {
            lastUser = messages[i].Role == "user" ? i : -1;
        }

        var text = lastUser < 0 ? "" : messages[lastUser].Text().Trim();
        if (text.Length is 0 or > RequestLimits.MaxQuestionLength)
        {
            return (null, string.Create(
                CultureInfo.InvariantCulture, $"'messages' must contain a user message with 1 to {RequestLimits.MaxQuestionLength:N0} characters of text; it is the question RagBot answers."));
        }

        var filters = request.Ragbot?.Filters ?? [];
        if (Tags.DescribeFirstInvalid(filters) is { } invalid)
        {
            return (null, "ragbot.filters: " + invalid);
        }

        return (new ChatQuestion(text)
        {
            History = HistoryOf(messages.Take(lastUser)),
            Tags = filters,
            TopK = request.Ragbot?.TopK,
            MinScore = request.Ragbot?.MinScore,
        }, null);
    }

    /// <summary>Each user message paired with the assistant reply that follows it (system and tool messages are skipped).</summary>
    private static List<ChatHistoryEntry> HistoryOf(IEnumerable<OpenAIRequestMessage> earlier)
    {
        var history = new List<ChatHistoryEntry>();
        string? pending = null;
        foreach (var message in earlier)
        {
            if (message.Role == "user")
            {
                pending = message.Text();
            }
            else if (message.Role == "assistant" && pending is not null)
            {
                history.Add(new ChatHistoryEntry(pending, message.Text()));
                pending = null;
            }
        }

        return history;
    }

    private static async IAsyncEnumerable<string> ChunksAsync(
        IAsyncEnumerable<ChatStreamEvent> events, string id, long created, bool includeUsage, HttpContext httpContext, ILogger logger,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return Serialize(new OpenAIChatCompletionChunk(id, created, ModelId, [new OpenAIChunkChoice(0, new OpenAIDelta("assistant", ""), null)]));
        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                IReadOnlyList<string> frames = [];
                var finished = false;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    (frames, finished) = enumerator.Current switch
                    {
                        DeltaEvent delta => ([Serialize(new OpenAIChatCompletionChunk(id, created, ModelId, [new OpenAIChunkChoice(0, new OpenAIDelta(Content: delta.Text), null)]))], false),
                        AnswerEvent done => (Finish(done.Answer, id, created, includeUsage), true),
                        _ => ([], false),
                    };
                }
                // The response has started: any failure must reach the client as an error frame.
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    var problem = StreamProblems.From(exception, httpContext, logger);
                    frames = [Serialize(new OpenAIError(new OpenAIErrorDetail(problem.Detail ?? problem.Title ?? "The answer failed.", "server_error", null, problem.Type)))];
                    finished = true;
                }

                foreach (var frame in frames)
                {
                    yield return frame;
                }

                if (finished)
                {
                    break;
                }
            }
        }

        yield return Done;
    }

    /// <summary>The finishing chunk (finish_reason, ragbot extension) and, when asked for, the usage chunk after it.</summary>
    private static List<string> Finish(ChatAnswer answer, string id, long created, bool includeUsage)
    {
        var frames = new List<string> { Serialize(new OpenAIChatCompletionChunk(id, created, ModelId, [new OpenAIChunkChoice(0, new OpenAIDelta(), "stop")], Ragbot: Extension(answer))) };
        if (includeUsage)
        {
            frames.Add(Serialize(new OpenAIChatCompletionChunk(id, created, ModelId, [], OpenAIUsage.From(answer.Usage))));
        }

        return frames;
    }

    private static RagBotCompletionExtension Extension(ChatAnswer answer) => new(answer.Answer, answer.Citations, answer.Mode, answer.StandaloneQuery);

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, OpenAIJson.Options);

    private static JsonHttpResult<OpenAIError> InvalidRequest(string message) =>
        TypedResults.Json(new OpenAIError(new OpenAIErrorDetail(message, "invalid_request_error", "messages", null)), OpenAIJson.Options, statusCode: StatusCodes.Status400BadRequest);
}
