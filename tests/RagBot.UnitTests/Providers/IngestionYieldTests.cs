using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using RagBot.Core.Embeddings;
using RagBot.Core.Jobs;
using RagBot.Providers.Onnx;

namespace RagBot.UnitTests.Providers;

/// <summary>
/// While chats run the real model, an ingestion batch runs in slices with pauses between them
/// (<see cref="OnnxEmbeddingOptions.IngestionYield"/>), so the chats' work gets the cores first.
/// </summary>
public sealed class IngestionYieldTests
{
    internal static readonly string Passage = string.Join(' ', Enumerable.Repeat("retrieval grounds every answer on indexed documents and cites them", 40));

    [Fact]
    public async Task An_ingestion_batch_started_while_chats_embed_lets_their_work_finish_first()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { Model = OnnxBuiltInModel.MiniLM, IngestionYield = 10 });
        var pausedSeconds = 0.0;
        var gate = new Lock();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "ragbot.ingestion.yield")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (gate)
            {
                pausedSeconds += seconds;
            }
        });
        listener.Start();
        await generator.GenerateAsync(["warm up"], EmbeddingRoles.Query(), cancellationToken);

        // The chats' work (48 long sentences, several model runs) takes about three times the batch's CPU: sharing
        // the cores evenly, the 16-passage batch would end long before it.
        var sentences = Enumerable.Range(0, 48).Select(i => $"sentence {i} {Passage}").ToList();
        var clock = Stopwatch.StartNew();
        // The batch must start while the chats' model run is under way: on a busy host Task.Run may start late, and a
        // batch that starts before any chat runs whole (the slicing is decided when it starts).
        var chatsStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var chats = Task.Run(() =>
        {
            chatsStarted.SetResult();
            return generator.GenerateAsync(sentences, EmbeddingRoles.InteractivePassage(), cancellationToken);
        }, cancellationToken);
        await chatsStarted.Task.WaitAsync(cancellationToken);
        await Task.Delay(200, cancellationToken);
        var batch = Enumerable.Range(0, 16).Select(i => $"{i} {Passage}").ToList();
        using var budget = new JobBudget(TimeSpan.FromHours(1), TimeProvider.System);
        var ingestion = EmbedAsJobAsync(generator, batch, budget, cancellationToken);

        var first = await Task.WhenAny(chats, ingestion);
        var firstDone = clock.Elapsed;
        await Task.WhenAll(chats, ingestion);
        Assert.True(first == chats, $"the ingestion batch did not yield (batch done at {firstDone.TotalMilliseconds:F0} ms, chats at {clock.Elapsed.TotalMilliseconds:F0} ms)");
        Assert.True(pausedSeconds > 0, "the pauses were not reported as ragbot.ingestion.yield");

        // The job's time budget gets its pauses back (that the deadline really moves: JobBudgetAttackTests).
        Assert.True(budget.GivenBack > TimeSpan.Zero, "the pauses were not given back to the job's time budget");

        // Slicing changes the queue, not the vectors.
        var whole = await generator.GenerateAsync(batch, EmbeddingRoles.Passage(), cancellationToken);
        var sliced = await ingestion;
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Equal(whole[i].Vector.ToArray(), sliced[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task Once_the_chats_are_over_a_batch_runs_whole_and_unpaused()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { Model = OnnxBuiltInModel.MiniLM, IngestionYield = 100 });
        var batch = Enumerable.Range(0, 16).Select(i => $"{i} {Passage}").ToList();

        // The session's first run is slower (allocations, caches): timed, it would make the bound below lax.
        await generator.GenerateAsync(batch, EmbeddingRoles.Passage(), cancellationToken);
        var clock = Stopwatch.StartNew();
        await generator.GenerateAsync(batch, EmbeddingRoles.Passage(), cancellationToken);
        var unpaused = clock.Elapsed;

        await generator.GenerateAsync(["how do I delete a document?"], EmbeddingRoles.Query(), cancellationToken);
        await Task.Delay(300, cancellationToken);

        // Paused, the batch would take about 101 times as long (a pause of 100x each slice's run).
        using var budget = new JobBudget(TimeSpan.FromHours(1), TimeProvider.System);
        clock.Restart();
        await EmbedAsJobAsync(generator, batch, budget, cancellationToken);
        Assert.True(clock.Elapsed < unpaused * 20, $"the batch paused after the chats ended ({clock.Elapsed.TotalMilliseconds:F0} ms; {unpaused.TotalMilliseconds:F0} ms before any chat)");
        Assert.Equal(TimeSpan.Zero, budget.GivenBack);
    }

    /// <summary>Embeds passages as an ingestion job does: with the job's time budget current on the async flow.</summary>
    private static async Task<GeneratedEmbeddings<Embedding<float>>> EmbedAsJobAsync(
        OnnxEmbeddingGenerator generator, List<string> batch, JobBudget budget, CancellationToken cancellationToken)
    {
        budget.MakeCurrent();
        return await generator.GenerateAsync(batch, EmbeddingRoles.Passage(), cancellationToken);
    }
}
