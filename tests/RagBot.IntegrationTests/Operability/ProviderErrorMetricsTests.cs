using System.Net;
using System.Net.Http.Json;
using OpenTelemetry.Metrics;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Operability;

public sealed class ProviderErrorMetricsTests : IAsyncLifetime
{
    private const string Key = "sk-test-throttled-0123456789abcdef";
    private FakeModelsServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeModelsServer.StartAsync(Key);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_throttled_chat_provider_is_counted_as_a_provider_throttle()
    {
        using var factory = new ThrottledFactory(_server.BaseUrl);
        var client = factory.CreateClient();
        (await client.UploadAsync("bakery.md", "# Bakery\n\nThe bakery opens at six and sells rye bread.\n", "bakery")).EnsureSuccessStatusCode();

        var response = await client.PostAsJsonAsync("/api/chat", new { message = "When does the bakery open?" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        factory.FlushMetrics();
        var metrics = factory.Metrics.Snapshot();

        var throttles = metrics.Where(m => m.Name == "ragbot.provider.errors")
            .SelectMany(m => m.MetricPoints)
            .Where(p => Tags(p).Contains(new KeyValuePair<string, object?>("kind", "throttled")))
            .Sum(p => p.GetSumLong());
        Assert.True(throttles >= 1);
        var failedChats = metrics.Where(m => m.Name == "ragbot.chat.requests")
            .SelectMany(m => m.MetricPoints)
            .Where(p => Tags(p).Contains(new KeyValuePair<string, object?>("outcome", "failed")))
            .Sum(p => p.GetSumLong());
        Assert.True(failedChats >= 1);
    }

    [Fact]
    public async Task A_throttled_provider_behind_v1_answers_429_with_an_openai_error_object_in_the_problem_details()
    {
        using var factory = new ThrottledFactory(_server.BaseUrl);
        var client = factory.CreateClient();
        (await client.UploadAsync("bakery.md", "# Bakery\n\nThe bakery opens at six and sells rye bread.\n", "bakery")).EnsureSuccessStatusCode();

        var response = await client.PostAsJsonAsync(
            "/v1/chat/completions", new { model = "ragbot", messages = new[] { new { role = "user", content = "When does the bakery open?" } } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Contains("throttling", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(429, body.RootElement.GetProperty("status").GetInt32());
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }

    private sealed class ThrottledFactory(Uri endpoint) : TelemetryApiFactory(new Dictionary<string, string?>
    {
        ["RagBot:Chat:Provider"] = "OpenAI",
        ["RagBot:Chat:OpenAI:ApiKey"] = Key,
        ["RagBot:Chat:OpenAI:Endpoint"] = endpoint.ToString(),
        ["RagBot:Chat:Resilience:MaxRetries"] = "0",
    });
}
