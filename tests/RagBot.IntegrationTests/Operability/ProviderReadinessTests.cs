using System.Net;
using System.Text.Json;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Operability;

public sealed class ProviderReadinessTests : IAsyncLifetime
{
    private const string Key = "sk-test-5f2c9e7a1b3d4f6e8a0c2e4f6a8b0d2e";
    private FakeModelsServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeModelsServer.StartAsync(Key);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_reachable_remote_chat_provider_is_ready_and_its_key_never_appears_in_the_report()
    {
        using var factory = new SettingsFactory(OpenAIChat(_server.BaseUrl, Key));
        var client = factory.CreateClient();

        var first = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        var second = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);

        var body = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var chat = JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("chat-model");
        Assert.Equal("Healthy", chat.GetProperty("status").GetString());
        Assert.Contains("OpenAI chat model", chat.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Key[8..20], body, StringComparison.Ordinal);
        Assert.Equal(["Bearer " + Key], _server.AuthorizationHeaders);
    }

    [Fact]
    public async Task A_refused_key_makes_the_app_unready_with_a_reason_naming_the_setting_and_not_the_key()
    {
        const string wrongKey = "sk-wrong-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d";
        using var factory = new SettingsFactory(OpenAIChat(_server.BaseUrl, wrongKey));

        var response = await factory.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        var chat = report.GetProperty("checks").GetProperty("chat-model");
        Assert.Equal("Unhealthy", chat.GetProperty("status").GetString());
        Assert.Contains("RagBot:Chat:OpenAI:ApiKey", chat.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("embedding-model").GetProperty("status").GetString());
        Assert.DoesNotContain(wrongKey, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Incorrect API key", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_embedding_server_is_reported_with_its_setting()
    {
        var closedPort = new Uri($"http://127.0.0.1:{ClosedPort()}/v1");
        using var factory = new SettingsFactory(new Dictionary<string, string?>
        {
            ["RagBot:Embeddings:Provider"] = "OpenAICompatible",
            ["RagBot:Embeddings:OpenAICompatible:BaseUrl"] = closedPort.ToString(),
            ["RagBot:Embeddings:OpenAICompatible:Model"] = "nomic-embed-text",
            ["RagBot:Embeddings:OpenAICompatible:Dimensions"] = "768",
        });

        var raw = await factory.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, raw.StatusCode);
        var embedding = JsonDocument.Parse(await raw.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("checks").GetProperty("embedding-model");
        Assert.Equal("Unhealthy", embedding.GetProperty("status").GetString());
        Assert.Contains("unreachable", embedding.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("RagBot:Embeddings:OpenAICompatible", embedding.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> OpenAIChat(Uri endpoint, string key) => new()
    {
        ["RagBot:Chat:Provider"] = "OpenAI",
        ["RagBot:Chat:OpenAI:ApiKey"] = key,
        ["RagBot:Chat:OpenAI:Endpoint"] = endpoint.ToString(),
    };

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class SettingsFactory(IDictionary<string, string?> settings) : RagBotApiFactory(settings);
}
