using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.Core.Chat;
using RagBot.Core.Diagnostics;

namespace RagBot.Chat;

/// <summary>
/// Turns a follow-up question into a standalone search query. A generative model rewrites it with the
/// condense-question prompt; the extractive answerer (or a model that answers with nothing usable) gets
/// the deterministic <see cref="FollowUpHeuristic"/>.
/// </summary>
public sealed class FollowUpCondenser
{
    private const int MaxQueryChars = 1000;
    private readonly IChatClient _chatClient;
    private readonly PromptLibrary _prompts;
    private readonly GroundedChatOptions _options;

    public FollowUpCondenser(IChatClient chatClient, PromptLibrary prompts, IOptions<GroundedChatOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _chatClient = chatClient;
        _prompts = prompts;
        _options = options.Value;
    }

    public async Task<string> CondenseAsync(string question, IReadOnlyList<ChatHistoryEntry> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return question;
        }

        if (ChatModelKind.IsExtractive(_chatClient))
        {
            return FollowUpHeuristic.Rewrite(question, history);
        }

        var prompt = await _prompts.RenderAsync(
            PromptLibrary.CondenseQuestion,
            new Dictionary<string, string> { ["history"] = FormatHistory(history), ["question"] = GroundedPrompt.FormatQuestion(question) },
            cancellationToken).ConfigureAwait(false);
        ChatResponse response;
        using (RagBotTelemetry.Source.StartActivity(RagBotSpans.Condense))
        {
            response = await _chatClient.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var query = response.Text.Trim().Trim('"').Trim();
        var usable = query.Length is > 0 and <= MaxQueryChars
            && ChatModelKind.ReportedMode(response.AdditionalProperties) is null or AnswerMode.Generative
            && !string.Equals(query, _options.NotFoundMessage, StringComparison.Ordinal);
        return usable ? query : FollowUpHeuristic.Rewrite(question, history);
    }

    private static string FormatHistory(IReadOnlyList<ChatHistoryEntry> history) =>
        string.Join("\n", history.Select(h => $"<user>{WebUtility.HtmlEncode(h.Question)}</user>\n<assistant>{WebUtility.HtmlEncode(h.Answer)}</assistant>"));
}
