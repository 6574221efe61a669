using System.Net;
using System.Text;
using System.Text.Json;
using RagBot.IntegrationTests.Reliability;

namespace RagBot.IntegrationTests.Ingestion;

/// <summary>
/// Uploads are held in memory while they are read: RagBot:Ingestion:MaxUploadBytesInFlight bounds the bytes being
/// received at once (an outside attack took the API to 3.9 GB with 24 concurrent 50 MB uploads). Here the budget is
/// 100 KB and an upload declaring 90 KB stalls mid-body, holding its share.
/// </summary>
public sealed class UploadMemoryBudgetTests : IDisposable
{
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();

    public void Dispose() => JobsClient.DeleteDataDirectory(_dataDirectory);

    [Fact]
    public async Task An_upload_that_does_not_fit_waits_then_gets_503_and_fits_once_the_budget_is_free()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // Real Kestrel: the test server reads a request's whole body before the endpoint runs.
        await using var api = await ApiProcess.StartAsync(_dataDirectory, new Dictionary<string, string>
        {
            ["RagBot__Ingestion__MaxUploadBytesInFlight"] = "100000",
            ["RagBot__Ingestion__UploadQueueSeconds"] = "1",
        }, cancellationToken);
        var client = api.Client;
        var small = Encoding.UTF8.GetBytes(JobsClient.Markdown("small", 20));
        Assert.InRange(small.Length, 10_000, 30_000);

        var stalled = new StalledContent(Encoding.UTF8.GetBytes(JobsClient.Markdown("large", 90)), stallAfter: 1024);
        var large = client.PostAsync(new Uri("/api/documents", UriKind.Relative), Form("large.md", stalled), cancellationToken);
        await stalled.Stalled.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        // The endpoint reserves before it reads the body; nothing outside shows the moment, so leave it ample time.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        // 90 KB reserved by the stalled upload: a 20 KB one waits its second, then is told to come back.
        using var refused = await client.PostAsync(new Uri("/api/documents", UriKind.Relative), Form("small.md", new ByteArrayContent(small)), cancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        Assert.Equal("https://ragbot.dev/problems/uploads-busy", problem.GetProperty("type").GetString());
        Assert.Contains("MaxUploadBytesInFlight", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        stalled.Resume();
        Assert.Equal(HttpStatusCode.Accepted, (await large).StatusCode);
        using var accepted = await client.PostAsync(new Uri("/api/documents", UriKind.Relative), Form("small.md", new ByteArrayContent(small)), cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    private static MultipartFormDataContent Form(string fileName, HttpContent file) => new() { { file, "file", fileName } };

    /// <summary>A body that sends its first bytes, then waits to be resumed; its length is declared up front.</summary>
    private sealed class StalledContent(byte[] content, int stallAfter) : HttpContent
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Stalled => _stalled.Task;

        public void Resume() => _resume.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(content.AsMemory(0, stallAfter));
            await stream.FlushAsync();
            _stalled.TrySetResult();
            await _resume.Task;
            await stream.WriteAsync(content.AsMemory(stallAfter));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = content.Length;
            return true;
        }
    }
}
