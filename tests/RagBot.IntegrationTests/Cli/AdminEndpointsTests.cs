using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Cli;

public sealed class AdminEndpointsTests : IDisposable
{
    private readonly RagBotApiFactory _api = new();

    [Fact]
    public async Task The_api_reindexes_in_the_background_while_chat_answers_and_refuses_a_second_one()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var client = _api.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            (await client.UploadAsync($"kite-{i}.md", $"# Kite {i}\n\nKite number {i} flies best in a steady breeze of {i + 10} knots.\n")).EnsureSuccessStatusCode();
        }

        var before = await client.GetFromJsonAsync<JsonElement>("/api/admin/index", cancellation);
        Assert.Equal(1, before.GetProperty("active").GetProperty("id").GetInt64());
        Assert.False(before.GetProperty("reindexNeeded").GetBoolean());

        var started = await client.PostAsync("/api/admin/reindex", content: null, cancellation);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/api/admin/index", started.Headers.Location?.OriginalString);

        JsonElement status;
        do
        {
            var answer = await client.AskAsync(new { message = "In what breeze does kite number 7 fly best?" });
            Assert.Equal("extractive", answer.GetProperty("mode").GetString());
            status = await client.GetFromJsonAsync<JsonElement>("/api/admin/index", cancellation);
        }
        while (status.GetProperty("reindex").GetProperty("running").GetBoolean());

        Assert.False(status.GetProperty("reindex").TryGetProperty("error", out _), status.ToString());
        Assert.Equal(20, status.GetProperty("reindex").GetProperty("lastReport").GetProperty("documents").GetInt32());
        Assert.Equal(2, status.GetProperty("active").GetProperty("id").GetInt64());
        Assert.Equal("ragbot-chunks-g2", status.GetProperty("active").GetProperty("collectionName").GetString());

        // While a CLI (any other holder) reindexes the same data directory, the API refuses with 409.
        var reindexer = (RagBot.Indexing.IndexReindexer)_api.Services.GetService(typeof(RagBot.Indexing.IndexReindexer))!;
        // The background reindex reports "not running" a moment before it lets go of the lock.
        IDisposable? held = null;
        for (var attempt = 0; held is null; attempt++)
        {
            try
            {
                held = reindexer.AcquireLock("ragbot reindex (CLI)");
            }
            catch (RagBot.Indexing.ReindexInProgressException) when (attempt < 50)
            {
                await Task.Delay(100, cancellation);
            }
        }

        using (held)
        {
            var refused = await client.PostAsync("/api/admin/reindex", content: null, cancellation);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await refused.ProblemAsync();
            Assert.Contains("ragbot reindex (CLI)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    public void Dispose() => _api.Dispose();
}
