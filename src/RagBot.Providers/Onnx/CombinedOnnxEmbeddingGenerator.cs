using Microsoft.Extensions.AI;

namespace RagBot.Providers.Onnx;

/// <summary>
/// Two built-in models as one embedder (<c>RagBot:Embeddings:Onnx:SecondModel</c>): each text is embedded by both, and
/// the vector is the first model's unit vector scaled by sqrt(1 - w) followed by the second's scaled by sqrt(w). The
/// cosine of two such vectors is (1 - w) × the first model's cosine + w × the second's: score fusion of the two models
/// (CombSUM) inside one vector leg, so every store, the fusion with BM25, feedback and the answer gate work unchanged.
/// </summary>
/// <remarks>
/// Each part keeps its own pooling, window and prefixes (arctic's query instruction included). Ingestion runs both
/// models, so it costs their sum; the vector is twice as long (768 floats for two 384-dimension models). The parts are
/// given already wrapped (the provider factory puts each behind the embedding cache), so switching from one model to the
/// pair re-embeds only with the model not cached yet, and changing the weight re-embeds nothing.
/// </remarks>
public sealed class CombinedOnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, Core.Diagnostics.IReleasesIdleMemory
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _first;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _second;
    private readonly float _firstScale;
    private readonly float _secondScale;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <param name="first">The first model's embedder (unit vectors).</param>
    /// <param name="second">The second model's embedder (unit vectors).</param>
    /// <param name="secondWeight">The second model's share of the cosine, 0 to 1.</param>
    /// <param name="modelId">The id recorded with the index; null: both parts' ids and the weight.</param>
    public CombinedOnnxEmbeddingGenerator(
        IEmbeddingGenerator<string, Embedding<float>> first, IEmbeddingGenerator<string, Embedding<float>> second, double secondWeight, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfLessThan(secondWeight, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(secondWeight, 1.0);
        _first = first;
        _second = second;
        _firstScale = (float)Math.Sqrt(1 - secondWeight);
        _secondScale = (float)Math.Sqrt(secondWeight);
        var firstMetadata = first.GetService<EmbeddingGeneratorMetadata>();
        var secondMetadata = second.GetService<EmbeddingGeneratorMetadata>();
        ModelId = modelId ?? string.Create(
            System.Globalization.CultureInfo.InvariantCulture, $"{firstMetadata?.DefaultModelId}+{secondMetadata?.DefaultModelId}:w{secondWeight:0.###}");
        _metadata = new EmbeddingGeneratorMetadata("onnx", firstMetadata?.ProviderUri, ModelId, firstMetadata?.DefaultModelDimensions + secondMetadata?.DefaultModelDimensions);
    }

    public string ModelId { get; }

    /// <summary>The options of the second model: its own pooling, window and prefixes (the first model's overrides do not apply to it).</summary>
    public static OnnxEmbeddingOptions SecondModelOptions(OnnxEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OnnxEmbeddingOptions
        {
            Model = options.SecondModel ?? throw new ArgumentException("SecondModel is not set.", nameof(options)),
            BatchSize = options.BatchSize,
            IntraOpThreads = options.IntraOpThreads,
            GraphOptimization = options.GraphOptimization,
            CpuMemoryArena = options.CpuMemoryArena,
            MemoryPattern = options.MemoryPattern,
        };
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var first = await _first.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        var second = await _second.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        var created = DateTimeOffset.UtcNow;
        var combined = new List<Embedding<float>>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            combined.Add(new Embedding<float>(Concatenate(first[i].Vector.Span, second[i].Vector.Span)) { ModelId = ModelId, CreatedAt = created });
        }

        return new GeneratedEmbeddings<Embedding<float>>(combined);
    }

    public void ReleaseIdleMemory()
    {
        _first.GetService<Core.Diagnostics.IReleasesIdleMemory>()?.ReleaseIdleMemory();
        _second.GetService<Core.Diagnostics.IReleasesIdleMemory>()?.ReleaseIdleMemory();
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingGeneratorServices.Resolve(this, _metadata, serviceType, serviceKey);

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    private float[] Concatenate(ReadOnlySpan<float> first, ReadOnlySpan<float> second)
    {
        // Both parts are unit vectors, so the result is a unit vector too and its dot products are the weighted cosines.
        var vector = new float[first.Length + second.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(first, _firstScale, vector.AsSpan(0, first.Length));
        System.Numerics.Tensors.TensorPrimitives.Multiply(second, _secondScale, vector.AsSpan(first.Length));
        return vector;
    }
}
