using System.Diagnostics;
using Microsoft.Extensions.AI;
using RagBot.Core.Embeddings;

namespace RagBot.UnitTests.Providers;

/// <summary>
/// What a user waits for (questions, the extractive answerer's sentences) does not queue behind ingestion's passage
/// batches in the real model's generator: they run beside the batch that holds the passage lane.
/// </summary>
public sealed class InteractiveEmbeddingTests(BuiltInModels models)
{
    [Fact]
    public async Task The_answerers_sentences_run_beside_an_ingestion_batch_instead_of_waiting_for_it()
    {
        var generator = models.MiniLM;
        var cancellationToken = TestContext.Current.CancellationToken;

        // One whole batch (16 passages, the default batch size) cut at the window: it holds the passage lane until
        // its single model run ends, several hundred milliseconds on two cores.
        var passage = string.Join(' ', Enumerable.Repeat("retrieval grounds every answer on indexed documents and cites them", 40));
        var batch = Enumerable.Range(0, 16).Select(i => $"{i} {passage}").ToList();
        var clock = Stopwatch.StartNew();
        var ingestion = Task.Run(() => generator.GenerateAsync(batch, EmbeddingRoles.Passage(), cancellationToken), cancellationToken);
        await Task.Delay(100, cancellationToken);

        string[] sentences = ["To delete a document, send DELETE /api/documents/{id}.", "Chunks leave the index at once."];
        var answerer = generator.GenerateAsync(sentences, EmbeddingRoles.InteractivePassage(), cancellationToken);

        var first = await Task.WhenAny(ingestion, answerer);
        var answered = clock.Elapsed;
        await ingestion;
        Assert.True(first == answerer, $"the sentences waited for the ingestion batch (sentences done at {answered.TotalMilliseconds:F0} ms, batch at {clock.Elapsed.TotalMilliseconds:F0} ms)");

        // Same vectors as in the passage role: only the queue differs.
        var plain = await generator.GenerateAsync(sentences, EmbeddingRoles.Passage(), cancellationToken);
        var interactive = await answerer;
        Assert.Equal(plain[0].Vector.ToArray(), interactive[0].Vector.ToArray());
    }

    [Fact]
    public void Questions_and_marked_passages_are_interactive_and_plain_passages_are_not()
    {
        Assert.True(EmbeddingRoles.IsInteractive(EmbeddingRoles.Query()));
        Assert.True(EmbeddingRoles.IsInteractive(EmbeddingRoles.InteractivePassage()));
        Assert.Equal(EmbeddingRole.Passage, EmbeddingRoles.Of(EmbeddingRoles.InteractivePassage()));
        Assert.False(EmbeddingRoles.IsInteractive(EmbeddingRoles.Passage()));
        Assert.False(EmbeddingRoles.IsInteractive(null));
        Assert.False(EmbeddingRoles.IsInteractive(new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbeddingRoles.InteractivePropertyName] = "no" } }));
    }
}
