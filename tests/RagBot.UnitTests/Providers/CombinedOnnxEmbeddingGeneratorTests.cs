using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using RagBot.Core.Embeddings;
using RagBot.Providers.Onnx;

namespace RagBot.UnitTests.Providers;

/// <summary>Both built-in models as one embedder: the joined vector's cosine is the weighted sum of the models' cosines.</summary>
public sealed class CombinedOnnxEmbeddingGeneratorTests(BuiltInModels models)
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.3)]
    public async Task The_cosine_of_joined_vectors_is_the_weighted_sum_of_each_models_cosine(double secondWeight)
    {
        using var combined = new CombinedOnnxEmbeddingGenerator(new Unowned(models.MiniLM), new Unowned(models.ArcticXs), secondWeight);
        const string question = "How can I get rid of a file I uploaded earlier?";
        const string passage = "To delete a document, send DELETE /api/documents/{id}; its chunks leave the index at once.";
        var token = TestContext.Current.CancellationToken;

        var query = (await combined.GenerateAsync([question], EmbeddingRoles.Query(), token))[0].Vector;
        var text = (await combined.GenerateAsync([passage], EmbeddingRoles.Passage(), token))[0].Vector;

        // Each part with its own role handling (arctic's query instruction included).
        var miniLM = await CosineAsync(models.MiniLM, question, passage);
        var arctic = await CosineAsync(models.ArcticXs, question, passage);
        Assert.Equal(768, query.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(query.Span), 1e-4f);
        Assert.Equal(((1 - secondWeight) * miniLM) + (secondWeight * arctic), TensorPrimitives.Dot(query.Span, text.Span), 1e-4);
    }

    [Fact]
    public void The_model_id_names_both_models_and_the_weight_so_a_change_asks_for_a_reindex()
    {
        using var combined = new CombinedOnnxEmbeddingGenerator(new Unowned(models.MiniLM), new Unowned(models.ArcticXs), 0.5);

        var metadata = combined.GetService<EmbeddingGeneratorMetadata>();

        Assert.StartsWith("onnx:all-MiniLM-L6-v2:mean:norm:t256+onnx:arctic-embed-xs:cls:norm:t512:q", combined.ModelId, StringComparison.Ordinal);
        Assert.EndsWith(":w0.5", combined.ModelId, StringComparison.Ordinal);
        Assert.Equal(combined.ModelId, metadata?.DefaultModelId);
        Assert.Equal(768, metadata?.DefaultModelDimensions);
    }

    [Fact]
    public void The_second_model_keeps_its_own_prefixes_and_window_but_shares_the_runtime_settings()
    {
        var options = new OnnxEmbeddingOptions { Model = OnnxBuiltInModel.MiniLM, SecondModel = OnnxBuiltInModel.ArcticXs, QueryPrefix = "q: ", MaxTokens = 128, BatchSize = 4, IntraOpThreads = 1 };

        var second = CombinedOnnxEmbeddingGenerator.SecondModelOptions(options);

        Assert.Equal(OnnxBuiltInModel.ArcticXs, second.Model);
        Assert.Null(second.QueryPrefix);
        Assert.Null(second.MaxTokens);
        Assert.Equal(4, second.BatchSize);
        Assert.Equal(1, second.IntraOpThreads);
        Assert.Equal(BuiltInOnnxModels.ArcticQueryPrefix, BuiltInOnnxModels.Resolve(second).QueryPrefix);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void A_weight_outside_zero_to_one_is_refused(double secondWeight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CombinedOnnxEmbeddingGenerator(new Unowned(models.MiniLM), new Unowned(models.ArcticXs), secondWeight));

    private static async Task<double> CosineAsync(OnnxEmbeddingGenerator generator, string question, string passage)
    {
        var token = TestContext.Current.CancellationToken;
        var query = (await generator.GenerateAsync([question], EmbeddingRoles.Query(), token))[0].Vector;
        var text = (await generator.GenerateAsync([passage], EmbeddingRoles.Passage(), token))[0].Vector;
        return TensorPrimitives.Dot(query.Span, text.Span);
    }

    /// <summary>The shared fixture's model, which the combined embedder must not dispose.</summary>
    private sealed class Unowned(IEmbeddingGenerator<string, Embedding<float>> inner) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            inner.GenerateAsync(values, options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose()
        {
            // Owned by the assembly fixture.
        }
    }
}
