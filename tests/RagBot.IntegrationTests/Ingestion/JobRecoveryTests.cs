using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.AppState;
using RagBot.Core.Chunks;
using RagBot.Core.Indexing;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Ingestion;

public sealed class JobRecoveryTests : IDisposable
{
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();

    public void Dispose() => JobsClient.DeleteDataDirectory(_dataDirectory);

    [Fact]
    public async Task A_host_stopped_in_the_middle_of_the_queue_leaves_jobs_that_the_next_host_finishes_exactly_once()
    {
        var jobs = new List<(string DocumentId, string JobId)>();
        using (var first = new JobsApiFactory(_dataDirectory))
        {
            using var client = first.CreateClient();
            for (var i = 0; i < 5; i++)
            {
                jobs.Add(await client.EnqueueAsync($"cargo{i}.md", Encoding.UTF8.GetBytes(JobsClient.Markdown($"cargo{i}", 2)), $"cargo{i}"));
                if (i == 1)
                {
                    // The first two are let through; the worker then hangs inside the third job's embedding.
                    await client.WaitForJobAsync(jobs[0].JobId);
                    await client.WaitForJobAsync(jobs[1].JobId);
                    first.Embedder.Hang = true;
                }
            }

            await client.WaitForJobAsync(jobs[2].JobId, job => job.GetProperty("status").GetString() == "running");
            Assert.Equal("queued", (await client.GetJobAsync(jobs[4].JobId)).GetProperty("status").GetString());
        }

        using var second = new JobsApiFactory(_dataDirectory);
        using var secondClient = second.CreateClient();
        foreach (var (documentId, jobId) in jobs)
        {
            var job = await secondClient.WaitForJobAsync(jobId);
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
            Assert.Equal("created", job.GetProperty("outcome").GetString());
            Assert.Equal(1, job.GetProperty("attempts").GetInt32());
            var document = await second.Services.GetDocumentAsync(documentId);
            Assert.Equal(document!.ChunkCount, await second.Services.CountStoredChunksAsync(documentId));
        }
    }

    [Fact]
    public async Task A_job_left_running_by_a_crashed_worker_is_resumed_and_counts_the_attempt()
    {
        string jobId;
        using (var first = new JobsApiFactory(_dataDirectory))
        {
            using var client = first.CreateClient();
            first.Embedder.Hang = true;
            jobId = (await client.EnqueueAsync("wreck.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("wreck", 2)), "wreck")).JobId;
            await client.WaitForJobAsync(jobId, job => job.GetProperty("status").GetString() == "running");
        }

        // A worker of a process that then died claims the job and never reports back.
        var store = new SqliteJobStore(new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _dataDirectory })));
        var claimed = await store.TryClaimNextAsync(DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        Assert.Equal(jobId, claimed?.Id);

        using var second = new JobsApiFactory(_dataDirectory);
        using var secondClient = second.CreateClient();
        var job = await secondClient.WaitForJobAsync(jobId);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        Assert.Equal((await second.Services.GetDocumentAsync("wreck"))!.ChunkCount, await second.Services.CountStoredChunksAsync("wreck"));
    }

    [Fact]
    public async Task A_job_interrupted_more_than_max_attempts_times_ends_failed_and_the_queue_moves_on()
    {
        var store = new SqliteJobStore(new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _dataDirectory })));
        string stuck;
        string next;
        using (var first = new JobsApiFactory(_dataDirectory))
        {
            using var client = first.CreateClient();
            first.Embedder.Hang = true;
            stuck = (await client.EnqueueAsync("stuck.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("stuck", 2)), "stuck")).JobId;
            next = (await client.EnqueueAsync("next.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("next", 2)), "next")).JobId;
            await client.WaitForJobAsync(stuck, job => job.GetProperty("status").GetString() == "running");
        }

        Assert.Equal(stuck, (await store.TryClaimNextAsync(DateTimeOffset.UtcNow, TestContext.Current.CancellationToken))?.Id);

        using var second = new JobsApiFactory(_dataDirectory, new Dictionary<string, string?> { ["RagBot:Ingestion:MaxAttempts"] = "1" });
        using var secondClient = second.CreateClient();
        var failed = await secondClient.WaitForJobAsync(stuck);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("interrupted", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("succeeded", (await secondClient.WaitForJobAsync(next)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_job_failed_by_crash_recovery_leaves_none_of_its_partial_chunks_in_the_store()
    {
        string jobId;
        using (var first = new JobsApiFactory(_dataDirectory, new Dictionary<string, string?> { ["RagBot:Ingestion:EmbeddingBatchSize"] = "2", ["RagBot:Ingestion:WriteBatchSize"] = "2" }))
        {
            using var client = first.CreateClient();
            first.Embedder.HangAfterCalls = 2;
            jobId = (await client.EnqueueAsync("half.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("half", 8)), "half")).JobId;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await first.Services.CountStoredChunksAsync("half") < 4)
            {
                Assert.True(DateTime.UtcNow < deadline, "the first two batches were never written");
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        // The process that held the job died after two batches of chunks were written.
        var store = new SqliteJobStore(new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _dataDirectory })));
        Assert.Equal(jobId, (await store.TryClaimNextAsync(DateTimeOffset.UtcNow, TestContext.Current.CancellationToken))?.Id);

        using var second = new JobsApiFactory(_dataDirectory, new Dictionary<string, string?> { ["RagBot:Ingestion:MaxAttempts"] = "1" });
        using var secondClient = second.CreateClient();
        var failed = await secondClient.WaitForJobAsync(jobId);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("interrupted", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await second.Services.CountStoredChunksAsync("half"));
        Assert.Null(await second.Services.GetDocumentAsync("half"));
    }

    [Fact]
    public async Task A_rerun_that_finds_its_version_already_current_removes_the_chunks_of_the_version_it_replaced()
    {
        using var host = new JobsApiFactory(_dataDirectory);
        using var client = host.CreateClient();
        var markdown = JobsClient.Markdown("relic", 3);
        Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync("relic.md", markdown, "relic")).StatusCode);
        var chunkCount = (await host.Services.GetDocumentAsync("relic"))!.ChunkCount;

        // What an update killed between the catalog switch and the old version's deletion leaves behind.
        var collection = await host.Services.GetRequiredService<IChunkCollectionProvider>().GetActiveCollectionAsync(TestContext.Current.CancellationToken);
        var current = await collection.GetAsync(c => c.DocumentId == "relic", 100, new FilteredRecordRetrievalOptions<DocumentChunk> { IncludeVectors = true }, TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);
        foreach (var chunk in current)
        {
            chunk.Id = Guid.NewGuid();
            chunk.DocumentVersion = "superseded";
        }

        await collection.UpsertAsync(current, TestContext.Current.CancellationToken);
        Assert.Equal(2 * chunkCount, await host.Services.CountStoredChunksAsync("relic"));

        var rerun = await client.UploadAsync("relic.md", markdown, "relic");

        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        Assert.Equal(chunkCount, await host.Services.CountStoredChunksAsync("relic"));
    }
}
