using System.Net;
using System.Text;
using System.Text.Json;
using RagBot.IntegrationTests.Reliability;

namespace RagBot.IntegrationTests.Ingestion;

/// <summary>
/// Uploads are held in memory while they are read: RagBot:Ingestion:MaxUploadBytesInFlight bounds the bytes being
/// received at once (an outside attack took the API to 3.9 GB with 24 concurrent 50 MB uploads), and one key may hold
/// at most half of it. An upload declaring about 84 KB stalls mid-body, holding its reservation.
/// </summary>
public sealed class UploadMemoryBudgetTests : IDisposable
{
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();

    public void Dispose() => JobsClient.DeleteDataDirectory(_dataDirectory);

    private const string KeyA = "uploader-a-0123456789";
    private const string KeyB = "uploader-b-0123456789";

    [Fact]
    public async Task An_upload_that_does_not_fit_waits_then_gets_503_and_fits_once_the_budget_is_free()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await StartAsync(budgetBytes: 100_000, cancellationToken);
        var (large, stalled) = await StartStalledUploadAsync(api.Client, KeyA, cancellationToken);

        // 90 KB reserved by A's stalled upload: B's 20 KB waits its second, then is told to come back.
        using var refused = await UploadAsync(api.Client, KeyB, "small.md", Small(), cancellationToken);
        await AssertBusyAsync(refused, "could not start within", cancellationToken);

        stalled.Resume();
        Assert.Equal(HttpStatusCode.Accepted, (await large).StatusCode);
        using var accepted = await UploadAsync(api.Client, KeyB, "small.md", Small(), cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task One_key_holds_at_most_half_of_the_budget_so_a_slow_client_cannot_starve_the_others()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await StartAsync(budgetBytes: 200_000, cancellationToken);
        var (large, stalled) = await StartStalledUploadAsync(api.Client, KeyA, cancellationToken);

        // A holds 90 KB of its 100 KB share: its next 20 KB is refused at once, while B's fits.
        using var overShare = await UploadAsync(api.Client, KeyA, "small.md", Small(), cancellationToken);
        await AssertBusyAsync(overShare, "This key's uploads in progress", cancellationToken);
        using var other = await UploadAsync(api.Client, KeyB, "small.md", Small(), cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);

        stalled.Resume();
        Assert.Equal(HttpStatusCode.Accepted, (await large).StatusCode);
        using var again = await UploadAsync(api.Client, KeyA, "again.md", Small(), cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }

    /// <summary>Real Kestrel: the test server reads a request's whole body before the endpoint runs.</summary>
    private Task<ApiProcess> StartAsync(int budgetBytes, CancellationToken cancellationToken) =>
        ApiProcess.StartAsync(_dataDirectory, new Dictionary<string, string>
        {
            ["RagBot__Ingestion__MaxUploadBytesInFlight"] = budgetBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RagBot__Ingestion__UploadQueueSeconds"] = "1",
            ["RagBot__Auth__Keys__0__Name"] = "a", ["RagBot__Auth__Keys__0__Key"] = KeyA, ["RagBot__Auth__Keys__0__Role"] = "admin",
            ["RagBot__Auth__Keys__1__Name"] = "b", ["RagBot__Auth__Keys__1__Key"] = KeyB, ["RagBot__Auth__Keys__1__Role"] = "admin",
        }, cancellationToken);

    /// <summary>An upload declaring about 84 KB that sends 1 KB and stalls, holding its reservation.</summary>
    private static async Task<(Task<HttpResponseMessage> Response, StalledContent Body)> StartStalledUploadAsync(HttpClient client, string key, CancellationToken cancellationToken)
    {
        var stalled = new StalledContent(Encoding.UTF8.GetBytes(JobsClient.Markdown("large", 90)), stallAfter: 1024);
        var response = UploadAsync(client, key, "large.md", stalled, cancellationToken);
        await stalled.Stalled.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        // The endpoint reserves before it reads the body; nothing outside shows the moment, so leave it ample time.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        return (response, stalled);
    }

    private static ByteArrayContent Small()
    {
        var bytes = Encoding.UTF8.GetBytes(JobsClient.Markdown("small " + Guid.NewGuid().ToString("N"), 20));
        Assert.InRange(bytes.Length, 10_000, 30_000);
        return new ByteArrayContent(bytes);
    }

    private static async Task AssertBusyAsync(HttpResponseMessage response, string reason, CancellationToken cancellationToken)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        Assert.Equal("https://ragbot.dev/problems/uploads-busy", problem.GetProperty("type").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string key, string fileName, HttpContent file, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/documents", UriKind.Relative)) { Content = Form(fileName, file) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return await client.SendAsync(request, cancellationToken);
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
