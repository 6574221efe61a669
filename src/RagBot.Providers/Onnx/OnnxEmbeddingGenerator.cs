using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using RagBot.Core.Embeddings;

namespace RagBot.Providers.Onnx;

/// <summary>
/// Sentence embeddings from a BERT-family model exported to ONNX: the role's prefix, WordPiece ids from the model's
/// vocab.txt ([CLS] text [SEP], cut to the model's window), texts sorted by length into batches so each pads
/// little, last_hidden_state pooled (<see cref="OnnxPooling"/>) and scaled to unit length. Runs on the CPU.
/// </summary>
/// <remarks>
/// One <see cref="InferenceSession"/> serves every caller (its Run is thread-safe). Passage batches (ingestion)
/// take turns through one lane; what a user waits for never enters it (questions, and the extractive answerer's
/// sentences: <see cref="EmbeddingRoles.IsInteractive"/>), so a chat request runs at once beside at most one passage
/// batch instead of queueing behind a whole document, or behind the other chat requests' sentences. While such runs
/// are under way, passage batches run in small slices with a pause after each (<see cref="OnnxEmbeddingOptions.IngestionYield"/>),
/// so ingestion takes a smaller share of the cores than the chats it runs beside.
/// </remarks>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, Core.Diagnostics.IReleasesIdleMemory
{
    private const int TruncationMargin = 32;

    /// <summary>
    /// Passages per model run while chats are served: a run cannot be interrupted, so a chat arriving during one
    /// shares the cores with it until it ends (4 passages of 160 word pieces: ~70 ms on two idle cores).
    /// </summary>
    private const int YieldingSliceSize = 4;

    private readonly OnnxEmbeddingOptions _options;
    private readonly OnnxModelDefinition _model;
    private readonly OnnxModelRunner _runner;
    private readonly BertTokenizer _tokenizer;
    private readonly SemaphoreSlim _passageLane = new(1, 1);
    private readonly ChatActivity _chats = new();
    private readonly PauseCredits _pauseCredits = new();

    /// <summary>
    /// Cancelled by <see cref="Dispose"/>: ends the pauses in the passage lane and the waits for it, which nothing else
    /// would end for a caller without a cancellable token (its pause would run out and then meet a disposed session;
    /// a caller queued for the lane would wait for ever).
    /// </summary>
    private readonly CancellationTokenSource _disposed = new();
    private readonly EmbeddingGeneratorMetadata _metadata;

    public OnnxEmbeddingGenerator(OnnxEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _model = BuiltInOnnxModels.Resolve(options);
        using (var vocabulary = _model.OpenVocabulary())
        {
            // Uncased BERT vocabularies also strip accents (Hugging Face's strip_accents follows do_lower_case).
            _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = _model.LowerCase, RemoveNonSpacingMarks = _model.LowerCase });
        }

        _runner = new OnnxModelRunner(_model, options);
        var dimensions = options.Dimensions ?? _runner.DeclaredDimensions;
        ModelId = options.ModelId ?? BuiltInOnnxModels.ModelIdOf(_model);
        _metadata = new EmbeddingGeneratorMetadata("onnx", _model.Source, ModelId, dimensions);
    }

    public string ModelId { get; }

    /// <summary>The model's window in word pieces, [CLS] and [SEP] included: text beyond it is never embedded.</summary>
    public int MaxTokens => _model.MaxTokens;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var role = EmbeddingRoles.Of(options);
        var interactive = EmbeddingRoles.IsInteractive(options);
        var tokenized = values.Select(text => Tokenize(text, role)).ToList();
        var vectors = new float[tokenized.Count][];
        // Shortest first: neighbours in a batch have similar lengths, so padding (wasted work) stays small.
        var order = Enumerable.Range(0, tokenized.Count).OrderBy(i => tokenized[i].Count).ToArray();
        foreach (var batch in order.Chunk(_options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inputs = batch.Select(i => tokenized[i]).ToList();
            var pooled = interactive ? EmbedInteractive(inputs) : await EmbedPassagesAsync(inputs, cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = pooled[j];
            }
        }

        var created = DateTimeOffset.UtcNow;
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(vector => new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = created }));
    }

    /// <summary>[CLS] + WordPiece ids of the passage (cut so the whole fits the window, mid-word like Hugging Face truncation) + [SEP].</summary>
    public IReadOnlyList<int> Tokenize(string text) => Tokenize(text, EmbeddingRole.Passage);

    /// <summary>[CLS] + WordPiece ids of the role's prefix and <paramref name="text"/>, cut to the window, + [SEP].</summary>
    public IReadOnlyList<int> Tokenize(string text, EmbeddingRole role)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The tokenizer's own limit stops before a word that does not fit whole, so ask for a margin and cut here.
        var bodyLimit = _model.MaxTokens - 2;
        var body = _tokenizer.EncodeToIds(_model.PrefixFor(role) + text, bodyLimit + TruncationMargin, addSpecialTokens: false, out _, out _);
        var ids = new List<int>(Math.Min(body.Count, bodyLimit) + 2) { _tokenizer.ClassificationTokenId };
        ids.AddRange(body.Take(bodyLimit));
        ids.Add(_tokenizer.SeparatorTokenId);
        return ids;
    }

    /// <summary>Word pieces of a passage before any cut ([CLS] and [SEP] included): above <see cref="MaxTokens"/>, its tail is never embedded.</summary>
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _tokenizer.EncodeToIds(_model.DocumentPrefix + text, addSpecialTokens: true).Count;
    }

    /// <summary>Shrinks ONNX Runtime's arena to what calls in flight use (see <see cref="OnnxModelRunner.ShrinkArena"/>).</summary>
    public void ReleaseIdleMemory() =>
        _runner.ShrinkArena([_tokenizer.ClassificationTokenId, _tokenizer.SeparatorTokenId], _tokenizer.PaddingTokenId);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        // First, so every caller in the lane or queued for it leaves with an ObjectDisposedException. The source itself
        // is never disposed: callers still read it, and it holds no timer or handle.
        _disposed.Cancel();
        _runner.Dispose();
        _passageLane.Dispose();
    }

    private float[][] EmbedInteractive(List<IReadOnlyList<int>> inputs)
    {
        using var run = _chats.BeginRun();
        return _runner.Embed(inputs, _tokenizer.PaddingTokenId);
    }

    private async Task<float[][]> EmbedPassagesAsync(List<IReadOnlyList<int>> inputs, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        var budget = Core.Jobs.JobBudget.Current;
        if (budget is not null)
        {
            _pauseCredits.StartWaiting(budget);
        }

        try
        {
            await _passageLane.WaitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(OnnxEmbeddingGenerator));
        }
        finally
        {
            if (budget is not null)
            {
                _pauseCredits.StopWaiting(budget);
            }
        }

        try
        {
            ThrowIfStopped(cancellationToken);
            if (_options.IngestionYield <= 0 || !_chats.IsActive)
            {
                return _runner.Embed(inputs, _tokenizer.PaddingTokenId);
            }

            // The lane stays held through the pauses: they are what keeps ingestion's share of the cores down.
            var pooled = new List<float[]>(inputs.Count);
            foreach (var slice in inputs.Chunk(YieldingSliceSize))
            {
                var started = Stopwatch.GetTimestamp();
                pooled.AddRange(_runner.Embed(slice, _tokenizer.PaddingTokenId));
                if (_chats.IsActive)
                {
                    var pause = Stopwatch.GetElapsedTime(started) * _options.IngestionYield;
                    _pauseCredits.PauseStarting(budget, pause);
                    var pausedAt = Stopwatch.GetTimestamp();
                    try
                    {
                        await Task.Delay(pause, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }
                    finally
                    {
                        _pauseCredits.PauseEnded(budget, Stopwatch.GetElapsedTime(pausedAt) - pause);
                    }

                    ThrowIfStopped(cancellationToken);
                    Core.Diagnostics.RagBotTelemetry.IngestionYield.Add(pause.TotalSeconds);
                }
            }

            return [.. pooled];
        }
        finally
        {
            // Not after Dispose: the lane is gone, and its release would hide the caller's ObjectDisposedException.
            if (!_disposed.IsCancellationRequested)
            {
                _passageLane.Release();
            }
        }
    }

    /// <summary>The caller's cancellation first (an OperationCanceledException), then the generator's end.</summary>
    private void ThrowIfStopped(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
    }
}
