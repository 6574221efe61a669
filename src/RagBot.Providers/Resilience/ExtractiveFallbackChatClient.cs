using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using RagBot.Core.Chat;
using RagBot.Core.Errors;
using RagBot.Providers.Local;

namespace RagBot.Providers.Resilience;

/// <summary>
/// When the remote chat provider is throttled or down (after retries), answers with the extractive answerer
/// instead, labelled <c>ragbot.mode=extractive</c> and <c>ragbot.fallback=true</c> so nobody mistakes it for
/// the model's answer. A stream that already produced text is not replaced.
/// </summary>
internal sealed partial class ExtractiveFallbackChatClient(IChatClient inner, ExtractiveChatClient extractive, ILogger logger)
    : DelegatingChatClient(inner)
{
    public const string FallbackProperty = "ragbot.fallback";
    public const string FallbackReasonProperty = "ragbot.fallback.reason";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        try
        {
            return await base.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ProviderThrottledException or ProviderUnavailableException)
        {
            LogFallback(logger, exception.Message);
            var response = await extractive.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[FallbackProperty] = true;
            response.AdditionalProperties[FallbackReasonProperty] = exception.Message;
            return response;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var updates = base.GetStreamingResponseAsync(history, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        Exception? failure = null;
        await using (updates.ConfigureAwait(false))
        {
            var first = true;
            while (true)
            {
                var (moved, error) = await TryMoveNextAsync(updates, first).ConfigureAwait(false);
                if (error is not null)
                {
                    failure = error;
                    break;
                }

                if (!moved)
                {
                    break;
                }

                first = false;
                yield return updates.Current;
            }
        }

        if (failure is null)
        {
            yield break;
        }

        LogFallback(logger, failure.Message);
        var labelled = false;
        await foreach (var update in extractive.GetStreamingResponseAsync(history, options, cancellationToken).ConfigureAwait(false))
        {
            if (!labelled)
            {
                update.AdditionalProperties ??= [];
                update.AdditionalProperties[LocalModelProtocol.ModeProperty] = AnswerMode.Extractive;
                update.AdditionalProperties[FallbackProperty] = true;
                update.AdditionalProperties[FallbackReasonProperty] = failure.Message;
                labelled = true;
            }

            yield return update;
        }
    }

    /// <summary>Advances the stream; a provider failure before the first update is returned, not thrown, so we can fall back.</summary>
    private static async Task<(bool Moved, Exception? Failure)> TryMoveNextAsync(IAsyncEnumerator<ChatResponseUpdate> updates, bool first)
    {
        try
        {
            return (await updates.MoveNextAsync().ConfigureAwait(false), null);
        }
        catch (Exception exception) when (first && exception is ProviderThrottledException or ProviderUnavailableException)
        {
            return (false, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat provider failed, answering extractively instead: {Reason}")]
    private static partial void LogFallback(ILogger logger, string reason);
}
