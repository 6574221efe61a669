using System.Diagnostics;
using RagBot.Core.Embeddings;
using RagBot.Providers.Onnx;

namespace RagBot.UnitTests.Providers;

/// <summary>
/// The edges of ingestion's yield to chats in the real model's generator: slices of mixed lengths, a caller cancelled
/// or a generator disposed while a batch pauses in the passage lane.
/// </summary>
public sealed class IngestionYieldEdgeTests
{
    private static readonly string Passage = IngestionYieldTests.Passage;

    [Fact]
    public async Task Slices_of_mixed_lengths_give_the_vectors_of_the_whole_batch()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { Model = OnnxBuiltInModel.MiniLM, IngestionYield = 0.2 });
        // 37 texts: three batches of 16 / 16 / 5, none a multiple of the slice; empty, one letter, cut at the window.
        var random = new Random(7);
        var texts = Enumerable.Range(0, 37).Select(i => i switch
        {
            0 => "",
            1 => "x",
            2 => Passage + Passage,
            _ => string.Join(' ', Enumerable.Repeat($"word{i}", random.Next(1, 120))),
        }).ToList();
        var whole = await generator.GenerateAsync(texts, EmbeddingRoles.Passage(), cancellationToken);

        using var chats = await ChatTraffic.StartAsync(generator);
        var sliced = await generator.GenerateAsync(texts, EmbeddingRoles.Passage(), cancellationToken);
        await chats.StopAsync();

        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal(whole[i].Vector.ToArray(), sliced[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task A_caller_cancelled_during_a_pause_stops_at_once_and_leaves_the_lane_to_the_next()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { Model = OnnxBuiltInModel.MiniLM, IngestionYield = 100 });
        var batch = Enumerable.Range(0, 8).Select(i => $"{i} {Passage}").ToList();
        using var chats = await ChatTraffic.StartAsync(generator);
        using var cancellation = new CancellationTokenSource();
        var paused = generator.GenerateAsync(batch, EmbeddingRoles.Passage(), cancellation.Token);
        // The first slice takes well under 3 s even on a busy host; its pause is 100 times as long.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        Assert.False(paused.IsCompleted, "the batch did not pause");

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => paused.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken));
        await chats.StopAsync();

        // The lane is free again: the next batch runs (whole, the chats are over) instead of waiting for ever.
        await generator.GenerateAsync(batch, EmbeddingRoles.Passage(), cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    [Fact]
    public async Task Disposing_the_generator_ends_a_pause_and_the_wait_for_the_lane_instead_of_leaving_callers_hanging()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { Model = OnnxBuiltInModel.MiniLM, IngestionYield = 100 });
        var batch = Enumerable.Range(0, 8).Select(i => $"{i} {Passage}").ToList();
        Task paused;
        Task queued;
        using (var chats = await ChatTraffic.StartAsync(generator))
        {
            // Callers that cannot cancel (no token): only the generator's end can stop them.
            paused = generator.GenerateAsync(batch, EmbeddingRoles.Passage(), CancellationToken.None);
            queued = generator.GenerateAsync(batch, EmbeddingRoles.Passage(), CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            await chats.StopAsync();
        }

        Assert.False(paused.IsCompleted, "the batch did not pause");
        var clock = Stopwatch.StartNew();
        generator.Dispose();

        // Before: the first caller slept out the rest of its pause (100 times a slice) and the second never returned.
        await Assert.ThrowsAsync<ObjectDisposedException>(() => paused.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => queued.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the callers ended {clock.Elapsed.TotalSeconds:F1} s after the generator was disposed");
    }

    /// <summary>A client asking short questions back to back, so chat runs stay under way until it stops.</summary>
    private sealed class ChatTraffic : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        /// <summary>Starts asking once the first question has been answered, so the generator already sees a chat.</summary>
        public static async Task<ChatTraffic> StartAsync(OnnxEmbeddingGenerator generator)
        {
            var traffic = new ChatTraffic();
            await AskAsync(generator);
            traffic._loop = Task.Run(() => traffic.KeepAskingAsync(generator));
            return traffic;
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
        }

        public void Dispose() => _stop.Dispose();

        // Each question runs to its end (a run under way must not meet a disposed session).
        private static Task AskAsync(OnnxEmbeddingGenerator generator) =>
            generator.GenerateAsync(["how do I delete a document?"], EmbeddingRoles.Query(), CancellationToken.None);

        private async Task KeepAskingAsync(OnnxEmbeddingGenerator generator)
        {
            while (!_stop.IsCancellationRequested)
            {
                // The gap between questions is well inside the generator's 100 ms "still chatting" window.
                await Task.Delay(10, CancellationToken.None);
                await AskAsync(generator);
            }
        }
    }
}
