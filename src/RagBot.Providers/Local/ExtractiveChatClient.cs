using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.Core.Chat;

namespace RagBot.Providers.Local;

/// <summary>
/// The default, model-free chat client: it reads the numbered sources and the question out of the grounded
/// prompt, quotes the sentences that answer it verbatim with [n] citations, and replies with the prompt's
/// not-found sentence when the sources do not cover the question. It never writes words of its own.
/// </summary>
public sealed class ExtractiveChatClient : IChatClient
{
    public const string ModelId = "ragbot-extractive";

    private static readonly ChatClientMetadata Metadata = new("ragbot-local", null, ModelId);
    private readonly ExtractiveAnswererOptions _options;

    public ExtractiveChatClient(IOptions<ExtractiveAnswererOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var answer = Answer(messages);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
            AdditionalProperties = new AdditionalPropertiesDictionary { ["ragbot.mode"] = AnswerMode.Extractive },
        };
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var words = response.Text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { ModelId = ModelId };
        }

        yield return new ChatResponseUpdate { ModelId = ModelId, FinishReason = ChatFinishReason.Stop };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return Metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }

    private string Answer(IEnumerable<ChatMessage> messages)
    {
        var lastUser = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var prompt = GroundedPrompt.Parse(lastUser);
        var notFound = prompt.NotFound ?? "I could not find this in the documents.";
        var question = prompt.Question ?? lastUser;
        var (sentences, coverage) = SentenceSelector.Select(question, prompt.Sources, _options.MaxSentences);
        if (sentences.Count == 0 || coverage < _options.MinCoverage)
        {
            return notFound;
        }

        return string.Join(" ", sentences.Select(s => $"{Shorten(s.Text)} [{s.SourceIndex}]"));
    }

    private string Shorten(string sentence) =>
        sentence.Length <= _options.MaxSentenceChars ? sentence : sentence[.._options.MaxSentenceChars].TrimEnd() + "…";
}
