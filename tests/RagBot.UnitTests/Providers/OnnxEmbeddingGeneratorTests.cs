using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagBot.Providers.Onnx;

namespace RagBot.UnitTests.Providers;

public sealed class OnnxEmbeddingGeneratorTests
{
    public static TheoryData<string> Cases => new(TinyBertModel.Expected.Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_BertTokenizer_ids_match_the_scripts_WordPiece(string name)
    {
        var expected = TinyBertModel.Expected.Cases.Single(c => c.Name == name);
        using var generator = Create(expected, batchSize: 2);

        for (var i = 0; i < expected.Sentences.Count; i++)
        {
            Assert.Equal(expected.Ids[i], generator.Tokenize(expected.Sentences[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Padded_batches_give_the_vectors_computed_independently_by_numpy(string name)
    {
        var expected = TinyBertModel.Expected.Cases.Single(c => c.Name == name);
        using var generator = Create(expected, batchSize: 2);

        var embeddings = await generator.GenerateAsync(expected.Sentences, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(expected.Sentences.Count, embeddings.Count);
        for (var i = 0; i < embeddings.Count; i++)
        {
            var actual = embeddings[i].Vector.ToArray();
            Assert.Equal(expected.Vectors[i].Length, actual.Length);
            for (var d = 0; d < actual.Length; d++)
            {
                Assert.Equal(expected.Vectors[i][d], actual[d], 1e-5f);
            }
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task ONNX_Runtimes_memory_settings_change_no_vector(bool arena, bool pattern)
    {
        var expected = TinyBertModel.Expected.Cases.Single(c => c.Name == "mean-normalized");
        using var generator = Create(expected, batchSize: 3, arena, pattern);

        // A second run of the same shapes is where the arena and the memory pattern reuse buffers; a third follows
        // an idle release of the arena.
        for (var pass = 0; pass < 3; pass++)
        {
            if (pass == 2)
            {
                generator.ReleaseIdleMemory();
            }

            var embeddings = await generator.GenerateAsync(expected.Sentences, cancellationToken: TestContext.Current.CancellationToken);
            for (var i = 0; i < embeddings.Count; i++)
            {
                var actual = embeddings[i].Vector.ToArray();
                for (var d = 0; d < actual.Length; d++)
                {
                    Assert.Equal(expected.Vectors[i][d], actual[d], 1e-5f);
                }
            }
        }
    }

    [Fact]
    public void Metadata_reports_the_models_dimensions_and_an_id_naming_pooling_and_truncation()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelPath = TinyBertModel.ModelPath, VocabPath = TinyBertModel.VocabPath });

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal(TinyBertModel.Expected.Hidden, metadata?.DefaultModelDimensions);
        Assert.Equal("onnx:tiny-bert/model:mean:norm:t256", metadata?.DefaultModelId);
    }

    [Fact]
    public async Task Selected_by_configuration_it_embeds_through_the_cache()
    {
        var directory = Directory.CreateTempSubdirectory("ragbot-onnx-").FullName;
        try
        {
            await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
            {
                ["RagBot:DataDirectory"] = directory,
                ["RagBot:Embeddings:Provider"] = "Onnx",
                ["RagBot:Embeddings:Onnx:ModelPath"] = TinyBertModel.ModelPath,
                ["RagBot:Embeddings:Onnx:VocabPath"] = TinyBertModel.VocabPath,
            });
            services.GetRequiredService<IStartupValidator>().Validate();
            var embedder = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
            var expected = TinyBertModel.Expected.Cases.Single(c => c.Name == "mean-normalized");

            var first = await embedder.GenerateAsync([expected.Sentences[0]], cancellationToken: TestContext.Current.CancellationToken);
            var cached = await embedder.GenerateAsync([expected.Sentences[0]], cancellationToken: TestContext.Current.CancellationToken);

            Assert.NotNull(embedder.GetService<OnnxEmbeddingGenerator>());
            Assert.Equal(first[0].Vector.ToArray(), cached[0].Vector.ToArray());
            Assert.Equal(expected.Vectors[0][0], cached[0].Vector.Span[0], 1e-5f);
            Assert.True(File.Exists(Path.Combine(directory, "embedding-cache.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static OnnxEmbeddingGenerator Create(ExpectedCase expected, int batchSize, bool arena = true, bool pattern = false) => new(new OnnxEmbeddingOptions
    {
        CpuMemoryArena = arena,
        MemoryPattern = pattern,
        ModelPath = TinyBertModel.ModelPath,
        VocabPath = TinyBertModel.VocabPath,
        Pooling = expected.Pooling == "cls" ? OnnxPooling.Cls : OnnxPooling.Mean,
        Normalize = expected.Normalize,
        MaxTokens = expected.MaxTokens,
        BatchSize = batchSize,
    });
}
