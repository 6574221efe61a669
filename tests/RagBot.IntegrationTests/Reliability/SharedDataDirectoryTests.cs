using System.Text;
using RagBot.IntegrationTests.Ingestion;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// Two hosts on one data directory: only the holder of the worker lock runs jobs, so the second one's start-up
/// recovery never steals a job the first is still running; it takes over once the first stops.
/// </summary>
public sealed class SharedDataDirectoryTests : IDisposable
{
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();

    public void Dispose() => JobsClient.DeleteDataDirectory(_dataDirectory);

    [Fact]
    public async Task A_second_host_queues_jobs_for_the_first_and_takes_over_its_running_job_only_after_it_stops()
    {
        string stuck;
        using var second = new JobsApiFactory(_dataDirectory);
        using (var first = new JobsApiFactory(_dataDirectory, new Dictionary<string, string?> { ["RagBot:Ingestion:Workers"] = "2" }))
        {
            using var firstClient = first.CreateClient();
            first.Embedder.HangOnMarker = true;
            stuck = (await firstClient.EnqueueAsync("stuck.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("stuck", 2, FaultyEmbedder.HangMarker)), "stuck")).JobId;
            await firstClient.WaitForJobAsync(stuck, job => job.GetProperty("status").GetString() == "running");

            // The second host starts while the first still runs the stuck job; what it queues, the first runs.
            using var secondClient = second.CreateClient();
            var other = (await secondClient.EnqueueAsync("other.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("other", 2)), "other")).JobId;
            Assert.Equal("succeeded", (await secondClient.WaitForJobAsync(other)).GetProperty("status").GetString());

            var running = await secondClient.GetJobAsync(stuck);
            Assert.Equal("running", running.GetProperty("status").GetString());
            Assert.Equal(1, running.GetProperty("attempts").GetInt32());
        }

        using var client = second.CreateClient();
        var finished = await client.WaitForJobAsync(stuck);
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(1, finished.GetProperty("attempts").GetInt32());
        Assert.Equal((await second.Services.GetDocumentAsync("stuck"))!.ChunkCount, await second.Services.CountStoredChunksAsync("stuck"));
    }
}
