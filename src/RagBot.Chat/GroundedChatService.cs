using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.Core.Chat;
using RagBot.Core.Diagnostics;
using RagBot.Retrieval;

namespace RagBot.Chat;

/// <summary>
/// Answers a question from the documents: load the session's history, rewrite a follow-up into a standalone
/// query, retrieve, say "not found" without calling the model when nothing is relevant, render the grounded
/// prompt, ask the chat model, keep only citations that are real, and store the turn.
/// </summary>
public sealed class GroundedChatService
{
    private readonly HybridRetriever _retriever;
    private readonly IChatClient _chatClient;
    private readonly PromptLibrary _prompts;
    private readonly ContextPacker _packer;
    private readonly FollowUpCondenser _condenser;
    private readonly OwnedChatSessions _sessions;
    private readonly TimeProvider _time;
    private readonly GroundedChatOptions _options;

    public GroundedChatService(
        HybridRetriever retriever,
        IChatClient chatClient,
        PromptLibrary prompts,
        ContextPacker packer,
        FollowUpCondenser condenser,
        OwnedChatSessions sessions,
        TimeProvider time,
        IOptions<GroundedChatOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _retriever = retriever;
        _chatClient = chatClient;
        _prompts = prompts;
        _packer = packer;
        _condenser = condenser;
        _sessions = sessions;
        _time = time;
        _options = options.Value;
    }

    /// <summary>The mode answers are produced in when sources are found: extractive (local answerer) or generative.</summary>
    public string ConfiguredMode => ChatModelKind.DefaultMode(_chatClient);

    public async Task<ChatAnswer> AskAsync(ChatQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.Chat);
        RagBotTelemetry.SetContent(activity, "ragbot.question", question.Message);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var answer = await AnswerAsync(question, cancellationToken).ConfigureAwait(false);
            outcome = answer.Mode;
            activity?.SetTag("ragbot.mode", answer.Mode);
            activity?.SetTag("ragbot.citations", answer.Citations.Count);
            RecordTokens(answer.Usage);
            return answer;
        }
        catch (Exception ex)
        {
            RagBotTelemetry.SetFailed(activity, ex);
            throw;
        }
        finally
        {
            RecordRequest(started, outcome, streamed: false);
        }
    }

    // One place for both paths, so streamed and whole answers count in the same ragbot.chat.* series.
    private static void RecordRequest(long started, string outcome, bool streamed)
    {
        var tags = new TagList { { "outcome", outcome }, { "streamed", streamed } };
        RagBotTelemetry.ChatRequests.Add(1, tags);
        RagBotTelemetry.ChatDuration.Record(RagBotTelemetry.SecondsSince(started), tags);
    }

    private async Task<ChatAnswer> AnswerAsync(ChatQuestion question, CancellationToken cancellationToken)
    {
        var turn = await PrepareAsync(question, cancellationToken).ConfigureAwait(false);
        if (turn.Messages is null)
        {
            return await CompleteAsync(turn, "", AnswerMode.NotFound, null, cancellationToken).ConfigureAwait(false);
        }

        ChatResponse response;
        using (RagBotTelemetry.Source.StartActivity(RagBotSpans.Generate))
        {
            response = await _chatClient.GetResponseAsync(turn.Messages, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var mode = ChatModelKind.ReportedMode(response.AdditionalProperties) ?? ChatModelKind.DefaultMode(_chatClient);
        return await CompleteAsync(turn, response.Text, mode, response.Usage, cancellationToken).ConfigureAwait(false);
    }

    private static void RecordTokens(UsageDetails? usage)
    {
        RagBotTelemetry.TokensUsed.Add(usage?.InputTokenCount ?? 0, new KeyValuePair<string, object?>("type", "input"));
        RagBotTelemetry.TokensUsed.Add(usage?.OutputTokenCount ?? 0, new KeyValuePair<string, object?>("type", "output"));
    }

    /// <summary>
    /// The answer as it is produced: the citable sources first, then the model's text pieces as they arrive,
    /// then the finished answer with validated citations (stored in the session before it is yielded).
    /// </summary>
    public async IAsyncEnumerable<ChatStreamEvent> StreamAsync(ChatQuestion question, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.Chat);
        RagBotTelemetry.SetContent(activity, "ragbot.question", question.Message);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "failed"; // until the finished answer is out: a failure or a client that hung up counts as failed
        try
        {
            await foreach (var streamEvent in StreamAnswerAsync(question, cancellationToken).ConfigureAwait(false))
            {
                if (streamEvent is AnswerEvent { Answer: var answer })
                {
                    outcome = answer.Mode;
                    activity?.SetTag("ragbot.mode", answer.Mode);
                    activity?.SetTag("ragbot.citations", answer.Citations.Count);
                    RecordTokens(answer.Usage);
                }

                yield return streamEvent;
                if (activity is not null)
                {
                    // The caller's context comes back at each resume: keep the model call's spans under this chat span.
                    Activity.Current = activity;
                }
            }
        }
        finally
        {
            RecordRequest(started, outcome, streamed: true);
        }
    }

    private async IAsyncEnumerable<ChatStreamEvent> StreamAnswerAsync(ChatQuestion question, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var turn = await PrepareAsync(question, cancellationToken).ConfigureAwait(false);
        yield return new SourcesEvent(turn.Sources.Select((s, i) => CitationFactory.Create(i + 1, s, null, _options.SnippetChars)).ToList(), turn.SessionId);
        if (turn.Messages is null)
        {
            yield return new DeltaEvent(_options.NotFoundMessage);
            yield return new AnswerEvent(await CompleteAsync(turn, "", AnswerMode.NotFound, null, cancellationToken).ConfigureAwait(false));
            yield break;
        }

        var text = new StringBuilder();
        string? mode = null;
        UsageDetails? usage = null;
        await foreach (var update in _chatClient.GetStreamingResponseAsync(turn.Messages, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            mode ??= ChatModelKind.ReportedMode(update.AdditionalProperties);
            foreach (var content in update.Contents.OfType<UsageContent>())
            {
                usage = content.Details;
            }

            var piece = update.Text;
            if (piece.Length > 0)
            {
                text.Append(piece);
                yield return new DeltaEvent(piece);
            }
        }

        var answer = await CompleteAsync(turn, text.ToString(), mode ?? ChatModelKind.DefaultMode(_chatClient), usage, cancellationToken).ConfigureAwait(false);
        yield return new AnswerEvent(answer);
    }

    private async Task<PreparedTurn> PrepareAsync(ChatQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        // An empty id means "no session yet" for callers that do not validate (the API refuses it with a 400).
        var requestedSession = string.IsNullOrEmpty(question.SessionId) ? null : question.SessionId;
        var sessionId = question.History is null ? requestedSession ?? Guid.NewGuid().ToString("N") : null;
        var history = question.History ?? (requestedSession is null
            ? []
            : (await _sessions.GetRecentTurnsAsync(question.Owner, requestedSession, _options.HistoryTurns, cancellationToken).ConfigureAwait(false))
                .Select(t => new ChatHistoryEntry(t.Question, t.Answer, t.StandaloneQuery)).ToList());
        var recent = history.Skip(Math.Max(0, history.Count - _options.HistoryTurns)).ToList();
        var query = await _condenser.CondenseAsync(question.Message, recent, cancellationToken).ConfigureAwait(false);
        var retrieved = await _retriever.SearchIndexAsync(
            new RetrievalRequest(query) { Tags = question.Tags, TopK = question.TopK, MinRelevance = question.MinScore },
            cancellationToken).ConfigureAwait(false);
        IReadOnlyList<RetrievedChunk> sources = [];
        List<ChatMessage>? messages = null;
        if (retrieved.Chunks.Count > 0)
        {
            using var prompt = RagBotTelemetry.Source.StartActivity(RagBotSpans.Prompt);
            sources = _packer.Pack(retrieved.Chunks, _options.MaxContextTokens);
            messages = sources.Count == 0 ? null : await BuildMessagesAsync(query, sources, cancellationToken).ConfigureAwait(false);
        }

        return new PreparedTurn(question, sessionId, query, sources, messages, retrieved.KeywordOnly ? RetrievalLabels.KeywordOnly : null);
    }

    private async Task<ChatAnswer> CompleteAsync(PreparedTurn turn, string modelText, string mode, UsageDetails? usage, CancellationToken cancellationToken)
    {
        var text = modelText.Trim();
        ChatAnswer answer;
        if (text.Length == 0 || text == _options.NotFoundMessage || mode == AnswerMode.NotFound)
        {
            answer = new ChatAnswer
            {
                Answer = _options.NotFoundMessage,
                Citations = [],
                SessionId = turn.SessionId,
                Mode = AnswerMode.NotFound,
                StandaloneQuery = turn.Query,
                Usage = usage,
                Retrieval = turn.Retrieval,
            };
        }
        else
        {
            var (validated, cited) = CitationValidator.Validate(text, turn.Sources.Count);
            answer = new ChatAnswer
            {
                Answer = validated,
                Citations = cited.Select(i => CitationFactory.Create(i, turn.Sources[i - 1], validated, _options.SnippetChars)).ToList(),
                SessionId = turn.SessionId,
                Mode = mode,
                StandaloneQuery = turn.Query,
                Usage = usage,
                Retrieval = turn.Retrieval,
            };
        }

        if (turn.SessionId is not null)
        {
            var stored = new ChatTurn
            {
                Question = turn.Question.Message,
                StandaloneQuery = turn.Query,
                Answer = answer.Answer,
                Mode = answer.Mode,
                Citations = answer.Citations,
                CreatedAt = _time.GetUtcNow(),
            };
            using var store = RagBotTelemetry.Source.StartActivity(RagBotSpans.StoreTurn);
            await _sessions.AppendTurnAsync(turn.Question.Owner, turn.SessionId, stored, cancellationToken).ConfigureAwait(false);
        }

        return answer;
    }

    private async Task<List<ChatMessage>> BuildMessagesAsync(string question, IReadOnlyList<RetrievedChunk> sources, CancellationToken cancellationToken)
    {
        var system = await _prompts.RenderAsync(PromptLibrary.System, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        var sourceBlock = string.Join("\n\n", sources.Select((s, i) => GroundedPrompt.FormatSource(i + 1, s.Chunk.Source, s.Chunk.HeadingPath, s.Chunk.Text)));
        var user = await _prompts.RenderAsync(
            PromptLibrary.AnswerWithContext,
            new Dictionary<string, string>
            {
                ["sources"] = sourceBlock,
                ["question"] = GroundedPrompt.FormatQuestion(question),
                ["notFound"] = GroundedPrompt.FormatNotFound(_options.NotFoundMessage),
            },
            cancellationToken).ConfigureAwait(false);
        return [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, user)];
    }

    private sealed record PreparedTurn(
        ChatQuestion Question, string? SessionId, string Query, IReadOnlyList<RetrievedChunk> Sources, List<ChatMessage>? Messages, string? Retrieval);
}
