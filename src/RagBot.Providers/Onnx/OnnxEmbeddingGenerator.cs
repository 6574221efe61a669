using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace RagBot.Providers.Onnx;

/// <summary>
/// Sentence embeddings from a BERT-family model exported to ONNX: WordPiece ids from the model's vocab.txt
/// ([CLS] text [SEP], truncated to MaxTokens), batches padded to their longest text, last_hidden_state pooled
/// by mean (under the attention mask) or [CLS], optionally scaled to unit length. Runs on the CPU.
/// </summary>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";
    private const int TruncationMargin = 32;

    private readonly OnnxEmbeddingOptions _options;
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly bool _needsTokenTypes;
    private readonly string _outputName;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public OnnxEmbeddingGenerator(OnnxEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ModelPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.VocabPath);
        _options = options;
        // Uncased BERT vocabularies also strip accents (Hugging Face's strip_accents follows do_lower_case).
        _tokenizer = BertTokenizer.Create(options.VocabPath, new BertOptions { LowerCaseBeforeTokenization = options.LowerCase, RemoveNonSpacingMarks = options.LowerCase });
        _session = new InferenceSession(options.ModelPath);
        _needsTokenTypes = _session.InputMetadata.ContainsKey(TokenTypeIds);
        if (!_session.InputMetadata.ContainsKey(InputIds) || !_session.InputMetadata.ContainsKey(AttentionMask))
        {
            _session.Dispose();
            throw new InvalidOperationException(
                $"The ONNX model '{options.ModelPath}' must take inputs {InputIds} and {AttentionMask}; it takes {string.Join(", ", _session.InputMetadata.Keys)}.");
        }

        _outputName = _session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputMetadata.Keys.First();
        var declared = _session.OutputMetadata[_outputName].Dimensions;
        var dimensions = options.Dimensions ?? (declared.Length > 0 && declared[^1] > 0 ? declared[^1] : null);
        ModelId = options.ModelId ?? DefaultModelId(options);
        _metadata = new EmbeddingGeneratorMetadata("onnx", new Uri(Path.GetFullPath(options.ModelPath)), ModelId, dimensions);
    }

    public string ModelId { get; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var result = new List<Embedding<float>>(texts.Count);
        foreach (var batch in texts.Chunk(_options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.AddRange(EmbedBatch(batch).Select(vector => new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = DateTimeOffset.UtcNow }));
        }

        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(result));
    }

    /// <summary>[CLS] + WordPiece ids (cut so the whole fits MaxTokens, mid-word like Hugging Face truncation) + [SEP].</summary>
    public IReadOnlyList<int> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The tokenizer's own limit stops before a word that does not fit whole, so ask for a margin and cut here.
        var bodyLimit = _options.MaxTokens - 2;
        var body = _tokenizer.EncodeToIds(text, bodyLimit + TruncationMargin, addSpecialTokens: false, out _, out _);
        var ids = new List<int>(Math.Min(body.Count, bodyLimit) + 2) { _tokenizer.ClassificationTokenId };
        ids.AddRange(body.Take(bodyLimit));
        ids.Add(_tokenizer.SeparatorTokenId);
        return ids;
    }

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

    public void Dispose() => _session.Dispose();

    private List<float[]> EmbedBatch(string[] batch)
    {
        var tokenized = batch.Select(Tokenize).ToList();
        var rows = tokenized.Count;
        var columns = tokenized.Max(ids => ids.Count);
        var ids = new long[rows * columns];
        var mask = new long[rows * columns];
        Array.Fill(ids, _tokenizer.PaddingTokenId);
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < tokenized[row].Count; column++)
            {
                ids[(row * columns) + column] = tokenized[row][column];
                mask[(row * columns) + column] = 1;
            }
        }

        long[] shape = [rows, columns];
        var names = new List<string> { InputIds, AttentionMask };
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[rows * columns], shape);
        var inputs = new List<OrtValue> { idsValue, maskValue };
        if (_needsTokenTypes)
        {
            names.Add(TokenTypeIds);
            inputs.Add(typesValue);
        }

        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, names, inputs, [_outputName]);
        return Pool(outputs[0], mask, rows, columns);
    }

    private List<float[]> Pool(OrtValue output, long[] mask, int rows, int columns)
    {
        var shape = output.GetTensorTypeAndShape().Shape;
        var data = output.GetTensorDataAsSpan<float>();
        var pooled = new List<float[]>(rows);
        if (shape.Length == 2)
        {
            // The export already pools (e.g. a sentence_embedding output).
            var width = (int)shape[1];
            for (var row = 0; row < rows; row++)
            {
                pooled.Add(Finish(data.Slice(row * width, width).ToArray()));
            }

            return pooled;
        }

        var hidden = (int)shape[2];
        for (var row = 0; row < rows; row++)
        {
            var vector = new float[hidden];
            var rowStart = row * columns * hidden;
            if (_options.Pooling == OnnxPooling.Cls)
            {
                data.Slice(rowStart, hidden).CopyTo(vector);
            }
            else
            {
                var count = 0;
                for (var column = 0; column < columns; column++)
                {
                    if (mask[(row * columns) + column] != 0)
                    {
                        TensorPrimitives.Add(vector, data.Slice(rowStart + (column * hidden), hidden), vector);
                        count++;
                    }
                }

                TensorPrimitives.Divide(vector, Math.Max(count, 1), vector);
            }

            pooled.Add(Finish(vector));
        }

        return pooled;
    }

    private float[] Finish(float[] vector)
    {
        if (_options.Normalize)
        {
            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0)
            {
                TensorPrimitives.Divide(vector, norm, vector);
            }
        }

        return vector;
    }

    private static string DefaultModelId(OnnxEmbeddingOptions options)
    {
        var fullPath = Path.GetFullPath(options.ModelPath!);
        var folder = Path.GetFileName(Path.GetDirectoryName(fullPath)) ?? "";
        var name = string.IsNullOrEmpty(folder) ? Path.GetFileNameWithoutExtension(fullPath) : $"{folder}/{Path.GetFileNameWithoutExtension(fullPath)}";
        var pooling = options.Pooling.ToString().ToLowerInvariant();
        return $"onnx:{name}:{pooling}{(options.Normalize ? ":norm" : "")}:t{options.MaxTokens}";
    }
}
