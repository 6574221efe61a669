using System.Net;
using System.Text;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Ingestion;

public sealed class JobFailureTests : IDisposable
{
    private readonly JobsApiFactory _factory;
    private readonly HttpClient _client;

    public JobFailureTests()
    {
        _factory = new JobsApiFactory(JobsClient.NewDataDirectory(), new Dictionary<string, string?>
        {
            ["RagBot:Ingestion:MaxAttempts"] = "2",
            ["RagBot:Ingestion:EmbeddingBatchSize"] = "2",
            ["RagBot:Ingestion:WriteBatchSize"] = "2",
        });
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        JobsClient.DeleteDataDirectory(_factory.SharedDataDirectory);
    }

    [Fact]
    public async Task A_corrupt_pdf_fails_at_once_with_a_readable_reason_and_nothing_indexed()
    {
        var broken = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nthis is not a cross-reference table\n%%EOF");
        var (_, jobId) = await _client.EnqueueAsync("broken.pdf", broken, "broken");

        var job = await _client.WaitForJobAsync(jobId);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Contains("PDF", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(await _factory.Services.GetDocumentAsync("broken"));
        Assert.Equal(0, await _factory.Services.CountStoredChunksAsync("broken"));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri("/api/documents/broken/content", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);

        var waited = await _client.UploadBytesAsync("broken.pdf", broken, "broken");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, waited.StatusCode);
        Assert.Contains("PDF", (await waited.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_the_job_succeeds()
    {
        var (_, jobId) = await _client.EnqueueAsync("flaky.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("flaky", 3, FaultyEmbedder.FailOnce)), "flaky");

        var job = await _client.WaitForJobAsync(jobId);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        var document = await _factory.Services.GetDocumentAsync("flaky");
        Assert.Equal(document!.ChunkCount, await _factory.Services.CountStoredChunksAsync("flaky"));
    }

    [Fact]
    public async Task A_job_failing_every_attempt_ends_failed_without_partial_chunks_and_does_not_block_the_queue()
    {
        // The marker sits in the last section, so earlier batches are already stored when the embedder fails.
        var (_, poisoned) = await _client.EnqueueAsync("poison.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("poison", 6, FaultyEmbedder.FailAlways)), "poison");
        var (_, healthy) = await _client.EnqueueAsync("healthy.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("healthy", 2)), "healthy");

        var failed = await _client.WaitForJobAsync(poisoned);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(2, failed.GetProperty("attempts").GetInt32());
        var reason = failed.GetProperty("error").GetString();
        Assert.Contains("503 (simulated)", reason, StringComparison.Ordinal);
        Assert.Contains("MaxAttempts", reason, StringComparison.Ordinal);
        Assert.True(failed.GetProperty("progress").GetProperty("chunksDone").GetInt32() > 0, "the failure came after some batches were stored");
        Assert.Equal(0, await _factory.Services.CountStoredChunksAsync("poison"));
        Assert.Null(await _factory.Services.GetDocumentAsync("poison"));

        Assert.Equal("succeeded", (await _client.WaitForJobAsync(healthy)).GetProperty("status").GetString());

        var waited = await _client.UploadBytesAsync("poison.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("poison", 6, FaultyEmbedder.FailAlways)), "poison");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waited.StatusCode);
        Assert.Contains("503 (simulated)", (await waited.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_update_keeps_the_previous_version_whole()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.UploadAsync("atlas.md", JobsClient.Markdown("atlas", 3), "atlas")).StatusCode);
        var before = await _factory.Services.GetDocumentAsync("atlas");

        var (_, jobId) = await _client.EnqueueAsync("atlas.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("atlas", 5, FaultyEmbedder.FailAlways)), "atlas");
        Assert.Equal("failed", (await _client.WaitForJobAsync(jobId)).GetProperty("status").GetString());

        var after = await _factory.Services.GetDocumentAsync("atlas");
        Assert.Equal(before!.Sha256, after!.Sha256);
        Assert.Equal(before.ChunkCount, await _factory.Services.CountStoredChunksAsync("atlas"));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri("/api/documents/atlas/content", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }
}
