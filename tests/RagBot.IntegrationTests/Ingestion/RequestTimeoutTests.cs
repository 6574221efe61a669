using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagBot.IntegrationTests.Ingestion;

public sealed class RequestTimeoutTests : IDisposable
{
    private readonly JobsApiFactory _factory = new(JobsClient.NewDataDirectory(), new Dictionary<string, string?>
    {
        ["RagBot:Api:RequestTimeoutSeconds"] = "2",
        ["RagBot:Ingestion:WaitTimeoutSeconds"] = "1",
    });

    public void Dispose()
    {
        _factory.Dispose();
        JobsClient.DeleteDataDirectory(_factory.SharedDataDirectory);
    }

    [Fact]
    public async Task A_request_still_running_after_the_limit_is_answered_504_with_problem_details()
    {
        var client = _factory.CreateClient();
        _factory.Embedder.Hang = true;

        // The question's embedding never comes back.
        var response = await client.PostAsJsonAsync("/api/chat", new { message = "Where is the lighthouse?" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("RagBot:Api:RequestTimeoutSeconds", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wait_for_uploads_as_long_as_the_request_limit_is_refused_at_start()
    {
        using var factory = new JobsApiFactory(JobsClient.NewDataDirectory(), new Dictionary<string, string?>
        {
            ["RagBot:Api:RequestTimeoutSeconds"] = "30",
            ["RagBot:Ingestion:WaitTimeoutSeconds"] = "30",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("WaitTimeoutSeconds (30) must be below RagBot:Api:RequestTimeoutSeconds (30)", error.ToString(), StringComparison.Ordinal);
        JobsClient.DeleteDataDirectory(factory.SharedDataDirectory);
    }
}
