using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.Core.Chat;
using RagBot.Core.Diagnostics;
using RagBot.Retrieval;

namespace RagBot.Chat;

/// <summary>
/// Answers a question from the documents: retrieve, say "not found" without calling the model when nothing
/// is relevant, render the grounded prompt, ask the chat model, and keep only citations that are real.
/// </summary>
public sealed class GroundedChatService
{
    private readonly HybridRetriever _retriever;
    private readonly IChatClient _chatClient;
    private readonly PromptLibrary _prompts;
    private readonly ContextPacker _packer;
    private readonly GroundedChatOptions _options;

    public GroundedChatService(
        HybridRetriever retriever,
        IChatClient chatClient,
        PromptLibrary prompts,
        ContextPacker packer,
        IOptions<GroundedChatOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _retriever = retriever;
        _chatClient = chatClient;
        _prompts = prompts;
        _packer = packer;
        _options = options.Value;
    }

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
            RagBotTelemetry.ChatRequests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
            RagBotTelemetry.ChatDuration.Record(RagBotTelemetry.SecondsSince(started), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private static void RecordTokens(UsageDetails? usage)
    {
        RagBotTelemetry.TokensUsed.Add(usage?.InputTokenCount ?? 0, new KeyValuePair<string, object?>("type", "input"));
        RagBotTelemetry.TokensUsed.Add(usage?.OutputTokenCount ?? 0, new KeyValuePair<string, object?>("type", "output"));
    }

    private async Task<ChatAnswer> AnswerAsync(ChatQuestion question, CancellationToken cancellationToken)
    {
        var sessionId = question.SessionId ?? Guid.NewGuid().ToString("N");
        var retrieved = await _retriever.RetrieveAsync(
            new RetrievalRequest(question.Message) { Tags = question.Tags, TopK = question.TopK, MinRelevance = question.MinScore },
            cancellationToken).ConfigureAwait(false);
        if (retrieved.Count == 0)
        {
            return NotFound(sessionId);
        }

        var sources = _packer.Pack(retrieved, _options.MaxContextTokens);
        var messages = await BuildMessagesAsync(question.Message, sources, cancellationToken).ConfigureAwait(false);
        ChatResponse response;
        using (RagBotTelemetry.Source.StartActivity(RagBotSpans.Generate))
        {
            response = await _chatClient.GetResponseAsync(messages, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var text = response.Text.Trim();
        if (text.Length == 0 || text == _options.NotFoundMessage)
        {
            return NotFound(sessionId) with { Usage = response.Usage };
        }

        var (answer, cited) = CitationValidator.Validate(text, sources.Count);
        return new ChatAnswer
        {
            Answer = answer,
            Citations = cited.Select(i => ToCitation(i, sources[i - 1])).ToList(),
            SessionId = sessionId,
            Mode = ModeOf(response),
            Usage = response.Usage,
        };
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

    private ChatAnswer NotFound(string sessionId) => new()
    {
        Answer = _options.NotFoundMessage,
        Citations = [],
        SessionId = sessionId,
        Mode = AnswerMode.NotFound,
    };

    private static string ModeOf(ChatResponse response) =>
        response.AdditionalProperties?.TryGetValue("ragbot.mode", out var mode) == true && mode is string value ? value : AnswerMode.Generative;

    private Citation ToCitation(int index, RetrievedChunk source) => new()
    {
        Index = index,
        DocumentId = source.Chunk.DocumentId,
        Source = source.Chunk.Source,
        Page = source.Chunk.PageStart > 0 ? source.Chunk.PageStart : null,
        HeadingPath = source.Chunk.HeadingPath.Length > 0 ? source.Chunk.HeadingPath : null,
        Snippet = source.Chunk.Text.Length <= _options.SnippetChars ? source.Chunk.Text : source.Chunk.Text[.._options.SnippetChars] + "…",
        Score = Math.Round(source.VectorSimilarity ?? source.Score, 4),
    };
}
