using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using RagBot.Core.Embeddings;
using RagBot.Providers.Onnx;

[assembly: AssemblyFixture(typeof(RagBot.UnitTests.Providers.BuiltInModels))]

namespace RagBot.UnitTests.Providers;

/// <summary>The real packaged models, on a handful of texts: what they are, and orderings a person would agree with.</summary>
public sealed class BuiltInModelTests(BuiltInModels models)
{
    public static TheoryData<OnnxBuiltInModel> Models => new(OnnxBuiltInModel.MiniLM, OnnxBuiltInModel.ArcticXs);

    [Theory]
    [InlineData(OnnxBuiltInModel.MiniLM, "onnx:all-MiniLM-L6-v2:mean:norm:t256")]
    [InlineData(OnnxBuiltInModel.ArcticXs, "onnx:arctic-embed-xs:cls:norm:t512:q")]
    public async Task Each_model_gives_384_unit_length_dimensions_and_an_id_naming_pooling_window_and_prefixes(OnnxBuiltInModel model, string idStart)
    {
        var generator = models.Get(model);

        var embedding = (await generator.GenerateAsync(["A short sentence."], cancellationToken: TestContext.Current.CancellationToken))[0];

        Assert.Equal(384, embedding.Vector.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(embedding.Vector.Span), 1e-4f);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.Equal(384, metadata?.DefaultModelDimensions);
        Assert.StartsWith(idStart, metadata?.DefaultModelId, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task A_paraphrased_question_is_nearest_to_the_passage_that_answers_it(OnnxBuiltInModel model)
    {
        var generator = models.Get(model);
        string[] passages =
        [
            "To delete a document, send DELETE /api/documents/{id}; its chunks leave the index at once.",
            "The embedded store keeps vectors in a SQLite file next to the full-text index.",
            "Sourdough bread needs a starter, flour, water and a long, cool rise.",
        ];
        (string Question, int Answer)[] questions =
        [
            ("How can I get rid of a file I uploaded earlier?", 0),
            ("Where are the embeddings saved on disk?", 1),
            ("What do I need to bake a loaf?", 2),
        ];

        var passageVectors = await generator.GenerateAsync(passages, EmbeddingRoles.Passage(), TestContext.Current.CancellationToken);
        foreach (var (question, answer) in questions)
        {
            var query = (await generator.GenerateAsync([question], EmbeddingRoles.Query(), TestContext.Current.CancellationToken))[0].Vector;
            var similarities = passageVectors.Select(p => TensorPrimitives.CosineSimilarity(query.Span, p.Vector.Span)).ToList();
            Assert.Equal(answer, similarities.IndexOf(similarities.Max()));
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Near_synonyms_are_closer_than_unrelated_words(OnnxBuiltInModel model)
    {
        var vectors = await models.Get(model).GenerateAsync(["The car would not start this morning.", "My automobile failed to start today.", "The committee approved the annual budget."], cancellationToken: TestContext.Current.CancellationToken);

        var paraphrase = TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[1].Vector.Span);
        var unrelated = TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[2].Vector.Span);

        // arctic's cosines crowd near the top of the range (0.94 vs 0.82 here), MiniLM's spread wide: compare, with a margin.
        Assert.True(paraphrase > unrelated + 0.05f, $"paraphrase {paraphrase}, unrelated {unrelated}");
    }

    [Fact]
    public async Task Arctic_writes_its_instruction_before_questions_only()
    {
        var arctic = models.ArcticXs;
        const string text = "how are documents chunked";

        var query = arctic.Tokenize(text, EmbeddingRole.Query);
        var passage = arctic.Tokenize(text, EmbeddingRole.Passage);
        var asQuery = (await arctic.GenerateAsync([text], EmbeddingRoles.Query(), TestContext.Current.CancellationToken))[0].Vector;
        var asPassage = (await arctic.GenerateAsync([text], EmbeddingRoles.Passage(), TestContext.Current.CancellationToken))[0].Vector;
        var prefixed = (await arctic.GenerateAsync([BuiltInOnnxModels.ArcticQueryPrefix + text], EmbeddingRoles.Passage(), TestContext.Current.CancellationToken))[0].Vector;

        Assert.Equal(passage.Count + arctic.Tokenize(BuiltInOnnxModels.ArcticQueryPrefix.Trim(), EmbeddingRole.Passage).Count - 2, query.Count);
        Assert.True(TensorPrimitives.CosineSimilarity(asQuery.Span, asPassage.Span) < 0.99f);
        Assert.Equal(asQuery.ToArray(), prefixed.ToArray());
    }

    [Fact]
    public async Task MiniLM_has_no_prefixes_so_both_roles_embed_alike()
    {
        var miniLM = models.MiniLM;

        var asQuery = (await miniLM.GenerateAsync(["delete a document"], EmbeddingRoles.Query(), TestContext.Current.CancellationToken))[0].Vector;
        var asPassage = (await miniLM.GenerateAsync(["delete a document"], EmbeddingRoles.Passage(), TestContext.Current.CancellationToken))[0].Vector;

        Assert.Equal(asPassage.ToArray(), asQuery.ToArray());
    }

    [Theory]
    [InlineData(OnnxBuiltInModel.MiniLM, 256)]
    [InlineData(OnnxBuiltInModel.ArcticXs, 512)]
    public void Text_beyond_the_models_window_is_cut_and_counted(OnnxBuiltInModel model, int window)
    {
        var generator = models.Get(model);
        var longText = string.Join(' ', Enumerable.Repeat("retrieval augmented generation", 300));

        Assert.Equal(window, generator.MaxTokens);
        Assert.Equal(window, generator.Tokenize(longText).Count);
        Assert.True(generator.CountTokens(longText) > window);
    }

    [Fact]
    public async Task Sorting_a_batch_by_length_keeps_every_vector_with_its_text()
    {
        var miniLM = models.MiniLM;
        string[] texts = ["a much longer sentence about vector databases, chunking and hybrid retrieval with BM25", "short", "a medium sentence about SQLite"];

        var together = await miniLM.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);
        for (var i = 0; i < texts.Length; i++)
        {
            var alone = (await miniLM.GenerateAsync([texts[i]], cancellationToken: TestContext.Current.CancellationToken))[0].Vector;
            Assert.True(TensorPrimitives.CosineSimilarity(alone.Span, together[i].Vector.Span) > 0.9999f, texts[i]);
        }
    }

    [Fact]
    public async Task Questions_and_passage_batches_embedded_at_once_give_the_same_vectors_as_one_at_a_time()
    {
        var miniLM = models.MiniLM;
        var passages = Enumerable.Range(0, 48).Select(i => $"Passage number {i} explains how ingestion step {i % 7} works.").ToList();
        var expectedQuery = (await miniLM.GenerateAsync(["how does ingestion work"], EmbeddingRoles.Query(), TestContext.Current.CancellationToken))[0].Vector.ToArray();

        var bulk = miniLM.GenerateAsync(passages, EmbeddingRoles.Passage(), TestContext.Current.CancellationToken);
        var queries = Enumerable.Range(0, 8).Select(_ => Task.Run(() => miniLM.GenerateAsync(["how does ingestion work"], EmbeddingRoles.Query(), TestContext.Current.CancellationToken), TestContext.Current.CancellationToken)).ToList();
        await Task.WhenAll(queries);

        Assert.Equal(passages.Count, (await bulk).Count);
        Assert.All(queries, q => Assert.Equal(expectedQuery, q.Result[0].Vector.ToArray()));
    }
}
