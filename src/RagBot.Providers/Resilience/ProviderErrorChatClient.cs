using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace RagBot.Providers.Resilience;

/// <summary>Rethrows a remote chat provider's final failure as ProviderThrottledException or ProviderUnavailableException.</summary>
internal sealed class ProviderErrorChatClient(IChatClient inner, string provider) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (ProviderFailures.Translate(exception, provider, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (updates.ConfigureAwait(false))
        {
            while (await MoveNextAsync(updates, cancellationToken).ConfigureAwait(false))
            {
                yield return updates.Current;
            }
        }
    }

    private async Task<bool> MoveNextAsync(IAsyncEnumerator<ChatResponseUpdate> updates, CancellationToken cancellationToken)
    {
        try
        {
            return await updates.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (ProviderFailures.Translate(exception, provider, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }
}
