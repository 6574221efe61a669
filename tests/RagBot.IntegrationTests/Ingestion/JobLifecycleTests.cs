using System.Net;
using System.Security.Cryptography;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Documents;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Ingestion;

public sealed class JobLifecycleTests : IDisposable
{
    private readonly JobsApiFactory _factory;
    private readonly HttpClient _client;

    public JobLifecycleTests()
    {
        // One worker: a job stuck on it keeps the next upload queued.
        _factory = new JobsApiFactory(JobsClient.NewDataDirectory(), new Dictionary<string, string?> { ["RagBot:Ingestion:EmbeddingBatchSize"] = "2", ["RagBot:Ingestion:WriteBatchSize"] = "2", ["RagBot:Ingestion:Workers"] = "1" });
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        JobsClient.DeleteDataDirectory(_factory.SharedDataDirectory);
    }

    [Fact]
    public async Task Upload_is_accepted_with_a_job_that_reports_progress_and_succeeds()
    {
        var (documentId, jobId) = await _client.EnqueueAsync("ledger.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("ledger", 8)), "ledger");
        Assert.Equal("ledger", documentId);

        var job = await _client.WaitForJobAsync(jobId);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal("created", job.GetProperty("outcome").GetString());
        Assert.Equal("ledger", job.GetProperty("documentId").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.False(job.TryGetProperty("error", out _));
        var total = job.GetProperty("progress").GetProperty("chunksTotal").GetInt32();
        Assert.True(total > 2, $"several embedding batches expected, got {total} chunks");
        Assert.Equal(total, job.GetProperty("progress").GetProperty("chunksDone").GetInt32());
        Assert.True(job.GetProperty("updatedAt").GetDateTimeOffset() >= job.GetProperty("createdAt").GetDateTimeOffset());

        Assert.Equal(total, (await _factory.Services.GetDocumentAsync("ledger"))!.ChunkCount);
        Assert.Equal(total, await _factory.Services.CountStoredChunksAsync("ledger"));
    }

    [Fact]
    public async Task Deleting_a_document_fails_its_queued_upload_so_it_does_not_come_back()
    {
        (await _client.UploadAsync("harbor.md", JobsClient.Markdown("harbor", 2), documentId: "harbor")).EnsureSuccessStatusCode();
        _factory.Embedder.HangOnMarker = true;
        var (_, stuck) = await _client.EnqueueAsync("stuck.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("stuck", 2, FaultyEmbedder.HangMarker)), "stuck");
        await _client.WaitForJobAsync(stuck, job => job.GetProperty("status").GetString() == "running");
        var update = Encoding.UTF8.GetBytes(JobsClient.Markdown("harbor", 3));
        var (_, queued) = await _client.EnqueueAsync("harbor.md", update, "harbor");
        Assert.Equal("queued", (await _client.GetJobAsync(queued)).GetProperty("status").GetString());

        await DeleteAndAssertGoneAsync("harbor", queued, update, "was deleted before this job ran");
    }

    [Fact]
    public async Task Deleting_a_document_stops_its_running_upload_so_it_does_not_come_back()
    {
        (await _client.UploadAsync("harbor.md", JobsClient.Markdown("harbor", 2), documentId: "harbor")).EnsureSuccessStatusCode();
        _factory.Embedder.HangOnMarker = true;
        var update = Encoding.UTF8.GetBytes(JobsClient.Markdown("harbor", 3, FaultyEmbedder.HangMarker));
        var (_, running) = await _client.EnqueueAsync("harbor.md", update, "harbor");
        await _client.WaitForJobAsync(running, job => job.GetProperty("status").GetString() == "running");

        await DeleteAndAssertGoneAsync("harbor", running, update, "was deleted while this job ran");

        // The worker is free again: the next upload runs.
        _factory.Embedder.HangOnMarker = false;
        var (_, next) = await _client.EnqueueAsync("tide.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("tide", 2)), "tide");
        Assert.Equal("succeeded", (await _client.WaitForJobAsync(next)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_job_put_back_in_the_queue_while_its_document_is_deleted_does_not_bring_it_back()
    {
        (await _client.UploadAsync("harbor.md", JobsClient.Markdown("harbor", 2), documentId: "harbor")).EnsureSuccessStatusCode();
        var requeueing = _factory.JobStore.HoldNextRequeue();
        // The first embedding call fails (a retryable 503), so the runner puts the job back; the retry would succeed.
        var update = Encoding.UTF8.GetBytes(JobsClient.Markdown("harbor", 3, FaultyEmbedder.FailOnce));
        var (_, retried) = await _client.EnqueueAsync("harbor.md", update, "harbor");
        await requeueing.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // Retries are immediate here and the worker polls every second: a retry that escaped would have run by then.
        await DeleteAndAssertGoneAsync("harbor", retried, update, "was deleted", settle: TimeSpan.FromSeconds(2));
    }

    /// <summary>
    /// DELETEs the document, then checks that the job ended failed for that reason and that nothing of the document is
    /// left: no catalog row, no chunk, not the job's original.
    /// </summary>
    private async Task DeleteAndAssertGoneAsync(string documentId, string jobId, byte[] jobContent, string reason, TimeSpan settle = default)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var deleted = await _client.DeleteAsync(new Uri($"/api/documents/{documentId}", UriKind.Relative), cancellation);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Task.Delay(settle, cancellation);
        var job = await _client.GetJobAsync(jobId);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains(reason, job.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(await _factory.Services.GetDocumentAsync(documentId));
        Assert.Equal(0, await _factory.Services.CountStoredChunksAsync(documentId));
        var originals = _factory.Services.GetRequiredService<IOriginalStore>();
        Assert.Null(await originals.ReadAsync(Convert.ToHexStringLower(SHA256.HashData(jobContent)), cancellation));
    }

    [Fact]
    public async Task Identical_reupload_ends_unchanged_and_wait_answers_with_the_outcome()
    {
        var content = JobsClient.Markdown("tide", 2);
        var first = await _client.UploadAsync("tide.md", content, documentId: "tide");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("created", created.GetProperty("status").GetString());
        Assert.Equal("succeeded", (await _client.GetJobAsync(created.GetProperty("jobId").GetString()!)).GetProperty("status").GetString());

        var (_, jobId) = await _client.EnqueueAsync("tide.md", Encoding.UTF8.GetBytes(content), "tide");
        Assert.Equal("unchanged", (await _client.WaitForJobAsync(jobId)).GetProperty("status").GetString());

        var again = await _client.UploadAsync("tide.md", content, documentId: "tide");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("unchanged", (await again.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Jobs_of_one_document_run_in_upload_order_and_leave_only_the_last_version()
    {
        var jobs = new List<string>();
        for (var version = 1; version <= 4; version++)
        {
            jobs.Add((await _client.EnqueueAsync("memo.md", Encoding.UTF8.GetBytes(JobsClient.Markdown($"memo{version}", version + 1)), "memo")).JobId);
        }

        var outcomes = new List<string?>();
        foreach (var jobId in jobs)
        {
            var job = await _client.WaitForJobAsync(jobId);
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
            outcomes.Add(job.GetProperty("outcome").GetString());
        }

        Assert.Equal(["created", "updated", "updated", "updated"], outcomes);
        var document = await _factory.Services.GetDocumentAsync("memo");
        Assert.Contains("memo4", Encoding.UTF8.GetString((await _client.GetByteArrayAsync(new Uri("/api/documents/memo/content", UriKind.Relative), TestContext.Current.CancellationToken))), StringComparison.Ordinal);
        Assert.Equal(document!.ChunkCount, await _factory.Services.CountStoredChunksAsync("memo"));
    }

    [Fact]
    public async Task Content_returns_the_original_bytes_type_and_file_name()
    {
        var bytes = Encoding.UTF8.GetBytes("# Déjà vu\n\nOriginal bytes, accents included.");
        Assert.Equal(HttpStatusCode.Created, (await _client.UploadBytesAsync("deja vu.md", bytes, "deja")).StatusCode);

        var response = await _client.GetAsync(new Uri("/api/documents/deja/content", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("deja vu.md", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        var missing = await _client.GetAsync(new Uri("/api/documents/nope/content", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await missing.ProblemAsync();
    }

    [Fact]
    public async Task Unknown_job_is_a_404_problem()
    {
        var response = await _client.GetAsync(new Uri("/api/jobs/0123456789abcdef", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("0123456789abcdef", (await response.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused_before_any_job_is_created()
    {
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _client.UploadBytesAsync("fake.pdf", Encoding.UTF8.GetBytes("# not a pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.UploadBytesAsync("empty.txt", [])).StatusCode);
        Assert.Empty(Directory.Exists(Path.Combine(_factory.SharedDataDirectory, "originals"))
            ? Directory.EnumerateFiles(Path.Combine(_factory.SharedDataDirectory, "originals"), "*", SearchOption.AllDirectories)
            : []);
    }
}
