using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RagBot.IntegrationTests.Ingestion;

/// <summary>
/// One upload must not jam ingestion (issue 14, item 6): pathological text is indexed in bounded time, a job has a
/// wall-clock budget, a job can be cancelled before its document exists, a stopping host stops its running job, and a
/// stuck upload of one tenant does not hold up another's. Real API over a real data directory; the embedder (a remote
/// service in production) is the one that hangs on demand.
/// </summary>
public sealed class SlowUploadTests : IDisposable
{
    private const string AcmeAdmin = "acme-admin-key-012345";
    private const string BetaAdmin = "beta-admin-key-012345";
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            disposable.Dispose();
        }

        JobsClient.DeleteDataDirectory(_dataDirectory);
    }

    [Theory]
    [InlineData("word.txt", "one long word")]
    [InlineData("brackets.md", "deep brackets")]
    [InlineData("field.csv", "CSV field")]
    public async Task Pathological_text_is_indexed_in_bounded_time(string fileName, string shape)
    {
        var (_, client) = Start();
        // On the old tokenizer an 80 KB word took 35 s and the time grew with the square of its length: these took hours.
        var content = shape switch
        {
            "one long word" => new string('q', 400_000),
            "deep brackets" => new string('[', 400_000),
            _ => "id,text\n1,\"" + string.Concat(Enumerable.Repeat("abcdefghij", 40_000)) + "\"\n",
        };

        var (_, jobId) = await client.EnqueueAsync(fileName, Encoding.UTF8.GetBytes(content));
        var job = await client.WaitForJobAsync(jobId);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.True(job.GetProperty("progress").GetProperty("chunksTotal").GetInt32() > 10);
    }

    [Fact]
    public async Task A_job_over_its_time_budget_ends_failed_with_the_reason_and_is_not_retried()
    {
        var (factory, client) = Start(new() { ["RagBot:Ingestion:JobTimeoutSeconds"] = "2", ["RagBot:Ingestion:MaxAttempts"] = "3" });
        factory.Embedder.Hang = true;
        var (_, jobId) = await client.EnqueueAsync("slow.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("slow", 2)), "slow");

        var job = await client.WaitForJobAsync(jobId);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("JobTimeoutSeconds", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());

        // Not retried: it stays failed, and the worker is free for the next upload.
        factory.Embedder.Hang = false;
        var (_, next) = await client.EnqueueAsync("next.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("next", 2)), "next");
        Assert.Equal("succeeded", (await client.WaitForJobAsync(next)).GetProperty("status").GetString());
        job = await client.GetJobAsync(jobId);
        Assert.Equal(("failed", 1), (job.GetProperty("status").GetString(), job.GetProperty("attempts").GetInt32()));
        Assert.Null(await factory.Services.GetDocumentAsync("slow"));
    }

    [Fact]
    public async Task A_stuck_upload_of_one_tenant_does_not_hold_up_another_tenants_upload()
    {
        var (factory, _) = Start(Keys());
        var acme = Client(factory, AcmeAdmin);
        var beta = Client(factory, BetaAdmin);
        factory.Embedder.HangOnMarker = true;
        var (_, stuck) = await acme.EnqueueAsync("stuck.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("stuck", 2, FaultyEmbedder.HangMarker)), "stuck");
        await acme.WaitForJobAsync(stuck, job => job.GetProperty("status").GetString() == "running");

        var (_, other) = await beta.EnqueueAsync("other.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("other", 2)), "other");
        Assert.Equal("succeeded", (await beta.WaitForJobAsync(other)).GetProperty("status").GetString());
        Assert.Equal("running", (await acme.GetJobAsync(stuck)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Deleting_a_document_not_indexed_yet_cancels_its_running_and_queued_uploads_within_scope()
    {
        var (factory, _) = Start(Keys());
        var acme = Client(factory, AcmeAdmin);
        var beta = Client(factory, BetaAdmin);
        factory.Embedder.Hang = true;
        var (_, first) = await acme.EnqueueAsync("fresh.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("fresh", 2)), "fresh");
        await acme.WaitForJobAsync(first, job => job.GetProperty("status").GetString() == "running");
        var (_, second) = await acme.EnqueueAsync("fresh.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("fresh", 3)), "fresh");
        Assert.Equal("queued", (await acme.GetJobAsync(second)).GetProperty("status").GetString());

        // Another tenant neither sees nor cancels it.
        await AssertProblemAsync(await beta.DeleteAsync(new Uri("/api/documents/fresh", UriKind.Relative), TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        await AssertProblemAsync(await beta.DeleteAsync(new Uri($"/api/jobs/{first}", UriKind.Relative), TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        Assert.Equal("running", (await acme.GetJobAsync(first)).GetProperty("status").GetString());

        var deleted = await acme.DeleteAsync(new Uri("/api/documents/fresh", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        foreach (var jobId in new[] { first, second })
        {
            var job = await acme.GetJobAsync(jobId);
            Assert.Equal("failed", job.GetProperty("status").GetString());
            Assert.Contains("was deleted", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        Assert.Null(await factory.Services.GetDocumentAsync("fresh"));
        Assert.Equal(0, await factory.Services.CountStoredChunksAsync("fresh"));
        await AssertProblemAsync(await acme.DeleteAsync(new Uri("/api/documents/fresh", UriKind.Relative), TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admins_cancel_a_running_or_queued_job_by_id()
    {
        var (factory, admin) = Start(new() { ["RagBot:Ingestion:Workers"] = "1" });
        factory.Embedder.Hang = true;
        var (_, running) = await admin.EnqueueAsync("a.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("a", 2)), "a");
        await admin.WaitForJobAsync(running, job => job.GetProperty("status").GetString() == "running");
        var (_, queued) = await admin.EnqueueAsync("b.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("b", 2)), "b");

        foreach (var jobId in new[] { queued, running })
        {
            var response = await admin.DeleteAsync(new Uri($"/api/jobs/{jobId}", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var job = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal("failed", job.GetProperty("status").GetString());
            Assert.Contains("was cancelled", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        await AssertProblemAsync(await admin.DeleteAsync(new Uri($"/api/jobs/{running}", UriKind.Relative), TestContext.Current.CancellationToken), HttpStatusCode.Conflict);
        await AssertProblemAsync(await admin.DeleteAsync(new Uri("/api/jobs/nosuchjob", UriKind.Relative), TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        Assert.Equal(0, await factory.Services.CountStoredChunksAsync("a"));

        // The worker is free again.
        factory.Embedder.Hang = false;
        var (_, next) = await admin.EnqueueAsync("c.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("c", 2)), "c");
        Assert.Equal("succeeded", (await admin.WaitForJobAsync(next)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Stopping_the_host_stops_a_running_job_quickly_and_it_runs_again_after_a_restart()
    {
        var (factory, client) = Start();
        factory.Embedder.HangOnMarker = true;
        // Pathological text first (the old tokenizer spent minutes in it, deaf to the shutdown), then an embedder that hangs.
        var text = new string('q', 300_000) + "\n\n" + FaultyEmbedder.HangMarker + "\n";
        var (_, jobId) = await client.EnqueueAsync("long.txt", Encoding.UTF8.GetBytes(text), "long");
        await client.WaitForJobAsync(jobId, job => job.GetProperty("status").GetString() == "running");
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);

        var stopping = Stopwatch.StartNew();
        client.Dispose();
        factory.Dispose();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"the host took {stopping.Elapsed} to stop (shutdown timeout 30 s)");

        // The new host's embedder answers: the job put back at shutdown runs again, its stopped attempt not counted.
        var (again, againClient) = Start();
        var job = await againClient.WaitForJobAsync(jobId);
        Assert.Equal(("succeeded", 1), (job.GetProperty("status").GetString(), job.GetProperty("attempts").GetInt32()));
        Assert.NotNull(await again.Services.GetDocumentAsync("long"));
    }

    private (JobsApiFactory Factory, HttpClient Client) Start(Dictionary<string, string?>? settings = null)
    {
        var factory = new JobsApiFactory(_dataDirectory, settings);
        var client = factory.CreateClient();
        _disposables.Add(factory);
        _disposables.Add(client);
        return (factory, client);
    }

    private HttpClient Client(JobsApiFactory factory, string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        _disposables.Add(client);
        return client;
    }

    private static Dictionary<string, string?> Keys() => new()
    {
        ["RagBot:Auth:Keys:0:Name"] = "acme-admin",
        ["RagBot:Auth:Keys:0:Key"] = AcmeAdmin,
        ["RagBot:Auth:Keys:0:Role"] = "admin",
        ["RagBot:Auth:Keys:0:Scope"] = "tenant:acme",
        ["RagBot:Auth:Keys:1:Name"] = "beta-admin",
        ["RagBot:Auth:Keys:1:Key"] = BetaAdmin,
        ["RagBot:Auth:Keys:1:Role"] = "admin",
        ["RagBot:Auth:Keys:1:Scope"] = "tenant:beta",
    };

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }
}
