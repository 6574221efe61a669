using System.Net;
using System.Text.Json;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Ingestion;

public sealed class RequestTimeoutTests : IDisposable
{
    private readonly JobsApiFactory _factory = new(JobsClient.NewDataDirectory(), new Dictionary<string, string?>
    {
        ["RagBot:Api:RequestTimeoutSeconds"] = "1",
        ["RagBot:Ingestion:WaitTimeoutSeconds"] = "600",
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

        var response = await client.UploadAsync("slow.md", JobsClient.Markdown("slow", 2), documentId: "slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("RagBot:Api:RequestTimeoutSeconds", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
