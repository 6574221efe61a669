using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using System.Numerics.Tensors;
using RagBot.Core.Chat;
using RagBot.Core.Embeddings;

namespace RagBot.Providers.Local;

/// <summary>
/// The default, model-free chat client: it reads the numbered sources and the question out of the grounded
/// prompt, quotes the sentences that answer it verbatim with [n] citations (chosen by the question's words and,
/// with the configured embedder, by meaning: see <see cref="SentenceSelector"/>), and replies with the prompt's
/// not-found sentence when the sources do not cover the question. It never writes words of its own.
/// </summary>
public sealed class ExtractiveChatClient : IChatClient
{
    public const string ModelId = "ragbot-extractive";

    private static readonly ChatClientMetadata Metadata = new(LocalModelProtocol.ProviderName, null, ModelId);
    private readonly ExtractiveAnswererOptions _options;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embedder;
    private readonly double _minSimilarity;
    private readonly SourceSentenceCache _sentences = new(SentenceSelector.Split);

    /// <summary>With the configured <c>embedder</c>, sentences are also chosen by their similarity to the question; without one, by words only.</summary>
    public ExtractiveChatClient(IOptions<ExtractiveAnswererOptions> options, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _minSimilarity = _options.MinSimilarity
            ?? RelevanceCalibration.For(embedder?.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId).MinSentenceSimilarity;

        // An embedder without a calibrated sentence threshold (the lexical hashing one, unknown ones) adds nothing the
        // word coverage does not already say: those choose by words only, as before.
        _embedder = _options.SemanticWeight > 0 && _minSimilarity < 1 ? embedder : null;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var answer = await AnswerAsync(messages, cancellationToken).ConfigureAwait(false);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
            AdditionalProperties = new AdditionalPropertiesDictionary { [LocalModelProtocol.ModeProperty] = AnswerMode.Extractive },
        };
        return response;
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

    private async Task<string> AnswerAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var lastUser = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var prompt = GroundedPrompt.Parse(lastUser);
        var notFound = prompt.NotFound ?? "I could not find this in the documents.";
        var question = prompt.Question ?? lastUser;
        var candidates = SentenceSelector.Candidates(prompt.Sources, _sentences);
        var similarities = await SimilaritiesAsync(question, candidates, cancellationToken).ConfigureAwait(false);
        var selection = SentenceSelector.Select(question, candidates, _options.MaxSentences, similarities, _options.SemanticWeight);

        // Found when the quoted sentences hold enough of the question's words, or (a paraphrase) mean what it asks.
        var found = selection.Coverage >= _options.MinCoverage || selection.BestSimilarity >= _minSimilarity;
        if (selection.Sentences.Count == 0 || !found)
        {
            return notFound;
        }

        return string.Join(" ", selection.Sentences.Select(s => $"{Shorten(s.Text)} [{s.SourceIndex}]"));
    }

    /// <summary>
    /// Each candidate's cosine similarity to the question (query role; sentences in the passage role, marked
    /// interactive: a user waits for them, so they do not queue behind ingestion's passage batches), or null without an embedder.
    /// </summary>
    private async Task<float[]?> SimilaritiesAsync(string question, List<CandidateSentence> candidates, CancellationToken cancellationToken)
    {
        if (_embedder is null || candidates.Count == 0 || string.IsNullOrWhiteSpace(question))
        {
            return null;
        }

        // Only the shortlist is embedded (it was most of the request's time); the others keep similarity 0.
        var shortlist = SentenceSelector.Shortlist(question, candidates, _options.MaxEmbeddedSentences);
        var query = await _embedder.GenerateAsync([question], EmbeddingRoles.Query(), cancellationToken).ConfigureAwait(false);
        var passages = await _embedder.GenerateAsync(
            shortlist.Select(i => SentenceSelector.EmbeddingText(candidates[i])), EmbeddingRoles.InteractivePassage(), cancellationToken).ConfigureAwait(false);
        var q = query[0].Vector.Span;
        var similarities = new float[candidates.Count];
        for (var k = 0; k < shortlist.Count; k++)
        {
            var p = passages[k].Vector.Span;
            similarities[shortlist[k]] = p.Length == q.Length ? TensorPrimitives.CosineSimilarity(q, p) : 0;
        }

        return similarities;
    }

    private string Shorten(string sentence) =>
        sentence.Length <= _options.MaxSentenceChars ? sentence : sentence[.._options.MaxSentenceChars].TrimEnd() + "…";
}
