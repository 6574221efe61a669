using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.Providers.Local;

namespace RagBot.UnitTests.Providers;

public sealed class HashingEmbeddingGeneratorTests
{
    private static HashingEmbeddingGenerator Create(LocalEmbeddingOptions? options = null) => new(Options.Create(options ?? new LocalEmbeddingOptions()));

    [Fact]
    public async Task Same_text_gives_identical_vectors_across_instances()
    {
        var first = await Create().GenerateAsync(["Reciprocal rank fusion merges ranked lists."], cancellationToken: TestContext.Current.CancellationToken);
        var second = await Create().GenerateAsync(["Reciprocal rank fusion merges ranked lists."], cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(first[0].Vector.ToArray(), second[0].Vector.ToArray());
    }

    [Fact]
    public async Task Cached_stems_give_the_same_vectors_as_fresh_ones()
    {
        var warm = Create();
        var texts = Enumerable.Range(0, 40).Select(i => $"Connected connections {i} keep connecting, indexes indexing reindexed").ToList();
        await warm.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);
        var again = warm.Embed("connecting indexes").Vector.ToArray();
        var fresh = Create().Embed("connecting indexes").Vector.ToArray();
        Assert.Equal(fresh, again);
    }

    [Fact]
    public void Vectors_are_stable_across_processes_and_machines()
    {
        // Pinned values (model v2: Porter stems, char n-grams, no bigrams): a change here means every stored index
        // would silently become incompatible. Change the model id with them.
        Assert.Equal(ExpectedFirstValues, FirstValues(new LocalEmbeddingOptions { Dimensions = 64 }));
    }

    [Fact]
    public void The_v1_model_still_gives_its_pinned_vectors()
    {
        // Indexes built before v2 keep working when configured with v1's parameters (same model id, same vectors).
        var v1 = new LocalEmbeddingOptions { Dimensions = 64, Stemmer = EmbeddingStemmer.Light, BigramWeight = 0.5, CharNGramWeight = 0.5 };
        Assert.Equal("ragbot-hash-v1-d64-w1-b0.5-c0.5-n35", v1.ModelId);
        Assert.Equal(ExpectedV1FirstValues, FirstValues(v1));
    }

    private static string FirstValues(LocalEmbeddingOptions options) =>
        string.Join(",", Create(options).Embed("Hybrid search fuses rankings").Vector.ToArray().Take(12)
            .Select(v => v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)));

    private const string ExpectedFirstValues = "-0.0784,0.0000,-0.3439,-0.1568,-0.0784,0.0784,0.0000,-0.1568,-0.0784,-0.0784,0.0784,0.0000";
    private const string ExpectedV1FirstValues = "-0.0462,0.0000,-0.4050,-0.0923,-0.0462,0.0462,0.0000,-0.0923,-0.0462,-0.0462,0.0462,0.0000";

    [Fact]
    public void Vectors_are_unit_length_with_the_configured_dimension()
    {
        var embedding = Create(new LocalEmbeddingOptions { Dimensions = 256 }).Embed("The data directory holds the database.");
        Assert.Equal(256, embedding.Vector.Length);
        Assert.Equal(1.0, TensorPrimitives.Norm(embedding.Vector.Span), 4);
    }

    [Fact]
    public void Similar_texts_are_closer_than_unrelated_ones()
    {
        var embedder = Create();
        var query = embedder.Embed("How do I change the upload size limit?").Vector.Span;
        var related = embedder.Embed("The largest accepted upload is set with MaxUploadBytes; larger uploads are refused.").Vector.Span;
        var unrelated = embedder.Embed("The cat slept on the warm windowsill all afternoon.").Vector.Span;
        Assert.True(TensorPrimitives.CosineSimilarity(query, related) > TensorPrimitives.CosineSimilarity(query, unrelated) + 0.1);
    }

    [Fact]
    public void Subwords_match_inflections_and_typos()
    {
        var embedder = Create();
        var indexing = embedder.Embed("reindexing").Vector.Span;
        var reindex = embedder.Embed("reindex").Vector.Span;
        var typo = embedder.Embed("reindxing").Vector.Span;
        var other = embedder.Embed("weather").Vector.Span;
        var stemmed = TensorPrimitives.CosineSimilarity(indexing, reindex);
        var misspelt = TensorPrimitives.CosineSimilarity(indexing, typo);
        var unrelated = TensorPrimitives.CosineSimilarity(indexing, other);
        Assert.True(stemmed > 0.5, $"reindexing~reindex {stemmed}");
        Assert.True(misspelt > unrelated + 0.05, $"reindexing~reindxing {misspelt}, reindexing~weather {unrelated}");
    }

    [Fact]
    public void Empty_text_gives_a_zero_vector()
    {
        var vector = Create().Embed("  ").Vector.ToArray();
        Assert.All(vector, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Metadata_reports_model_id_and_dimension()
    {
        var metadata = Create().GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal(768, metadata.DefaultModelDimensions);
        Assert.StartsWith("ragbot-hash-v2-d768", metadata.DefaultModelId, StringComparison.Ordinal);
    }
}
