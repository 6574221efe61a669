using Microsoft.Extensions.Options;
using RagBot.Core.Embeddings;
using RagBot.Providers.Local;

namespace RagBot.UnitTests.Providers;

public sealed class LocalEmbedderCatalogTests
{
    public static readonly TheoryData<LocalEmbeddingOptions> Settings = new(
        new LocalEmbeddingOptions(),
        new LocalEmbeddingOptions { Stemmer = EmbeddingStemmer.Light, BigramWeight = 0.5, CharNGramWeight = 0.5 },
        new LocalEmbeddingOptions { Dimensions = 256, WordWeight = 0.75, CharNGramMin = 2, CharNGramMax = 4 });

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task Finds_the_hashing_embedder_an_index_recorded_and_it_makes_the_same_vectors(LocalEmbeddingOptions options)
    {
        using var configured = new HashingEmbeddingGenerator(Options.Create(options));
        using var catalog = new LocalEmbedderCatalog();

        var found = catalog.Find(options.ModelId, options.Dimensions);

        Assert.NotNull(found);
        var text = "Kite number 7 flies best in a steady breeze of 17 knots.";
        var expected = (await configured.GenerateAsync([text], cancellationToken: TestContext.Current.CancellationToken))[0].Vector.ToArray();
        var actual = (await found.GenerateAsync([text], EmbeddingRoles.Query(), TestContext.Current.CancellationToken))[0].Vector.ToArray();
        Assert.Equal(expected, actual);
        Assert.Same(found, catalog.Find(options.ModelId, options.Dimensions));
    }

    [Theory]
    [InlineData("onnx:minilm/model:mean:norm:t256", 384)]
    [InlineData("text-embedding-3-small", 1536)]
    [InlineData("ragbot-hash-v2-d768-w1-b0-c1-n35", 384)]
    [InlineData("ragbot-hash-v3-d768-w1-b0-c1-n35", 768)]
    [InlineData("ragbot-hash-v2-d99999-w1-b0-c1-n35", 99999)]
    [InlineData("ragbot-hash-v2-d768-w1.00-b0-c1-n35", 768)]
    public void Finds_nothing_for_ids_it_cannot_rebuild_exactly(string modelId, int dimensions)
    {
        using var catalog = new LocalEmbedderCatalog();
        Assert.Null(catalog.Find(modelId, dimensions));
    }
}
