using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Errors;

namespace RagBot.UnitTests.Providers;

public sealed class RemoteChatProviderTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.System, "Answer from the sources."), new(ChatRole.User, "What is RagBot?")];

    [Fact]
    public async Task OpenAI_chat_posts_the_completions_request_and_reads_the_answer()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.ChatCompletion("gpt-test", "RagBot answers from documents [1]."));
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Chat:Provider"] = "OpenAI",
            ["RagBot:Chat:OpenAI:ApiKey"] = "sk-test-key",
            ["RagBot:Chat:OpenAI:Model"] = "gpt-test",
            ["RagBot:Chat:OpenAI:Endpoint"] = new Uri(server.BaseUri, "v1").ToString(),
        });

        var response = await services.GetRequiredService<IChatClient>().GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("RagBot answers from documents [1].", response.Text);
        Assert.Equal("gpt-test", response.ModelId);
        Assert.Equal(16, response.Usage?.TotalTokenCount);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.PathAndQuery);
        Assert.Equal("Bearer sk-test-key", request.Header("Authorization"));
        Assert.Equal("gpt-test", request.Json["model"]!.GetValue<string>());
        var messages = request.Json["messages"]!.AsArray();
        Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
        Assert.Equal("What is RagBot?", messages[1]!["content"]!.ToString());
    }

    [Fact]
    public async Task OpenAI_chat_streams_server_sent_event_frames_until_done()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.ChatStream("gpt-test", "Rag", "Bot ", "streams [1]."));
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Chat:Provider"] = "OpenAI",
            ["RagBot:Chat:OpenAI:ApiKey"] = "sk-test-key",
            ["RagBot:Chat:OpenAI:Model"] = "gpt-test",
            ["RagBot:Chat:OpenAI:Endpoint"] = new Uri(server.BaseUri, "v1").ToString(),
        });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in services.GetRequiredService<IChatClient>().GetStreamingResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        Assert.Equal("RagBot streams [1].", string.Concat(updates.Select(u => u.Text)));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
        var request = Assert.Single(server.Requests);
        Assert.True(request.Json["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Azure_chat_calls_the_deployment_path_with_api_version_and_api_key()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.ChatCompletion("gpt-4o-mini", "From Azure [1]."));
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Chat:Provider"] = "AzureOpenAI",
            ["RagBot:Chat:AzureOpenAI:Endpoint"] = server.BaseUri.ToString(),
            ["RagBot:Chat:AzureOpenAI:Deployment"] = "chat-deployment",
            ["RagBot:Chat:AzureOpenAI:ApiKey"] = "azure-key",
        });

        var response = await services.GetRequiredService<IChatClient>().GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("From Azure [1].", response.Text);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/openai/deployments/chat-deployment/chat/completions?api-version=2024-10-21", request.PathAndQuery);
        Assert.Equal("azure-key", request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task OpenAI_compatible_chat_uses_the_base_url_and_sends_no_key_when_none_is_set()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.ChatCompletion("llama3.1", "From a local server [1]."));
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Chat:Provider"] = "OpenAICompatible",
            ["RagBot:Chat:OpenAICompatible:BaseUrl"] = new Uri(server.BaseUri, "ollama/v1").ToString(),
            ["RagBot:Chat:OpenAICompatible:Model"] = "llama3.1",
        });

        var response = await services.GetRequiredService<IChatClient>().GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("From a local server [1].", response.Text);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/ollama/v1/chat/completions", request.PathAndQuery);
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("llama3.1", request.Json["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_503_is_retried_and_the_next_success_is_returned()
    {
        var calls = 0;
        await using var server = new FakeProviderServer(_ => Interlocked.Increment(ref calls) == 1
            ? OpenAIWire.Error(503, "The server is overloaded.", "server_error", null)
            : OpenAIWire.ChatCompletion("gpt-test", "Second time lucky [1]."));
        await using var services = OpenAIChat(server);

        var response = await services.GetRequiredService<IChatClient>().GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Second time lucky [1].", response.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_429_with_a_long_Retry_After_becomes_ProviderThrottledException_carrying_it()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.Error(
            429, "Rate limit reached for gpt-test.", "requests", "rate_limit_exceeded", new Dictionary<string, string> { ["Retry-After"] = "120" }));
        await using var services = OpenAIChat(server);

        var error = await Assert.ThrowsAsync<ProviderThrottledException>(() =>
            services.GetRequiredService<IChatClient>().GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Contains("OpenAI chat model 'gpt-test'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Rate limit reached for gpt-test.", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_429_during_streaming_also_becomes_ProviderThrottledException()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.Error(
            429, "Too many requests.", "requests", "rate_limit_exceeded", new Dictionary<string, string> { ["Retry-After"] = "90" }));
        await using var services = OpenAIChat(server);

        var error = await Assert.ThrowsAsync<ProviderThrottledException>(async () =>
        {
            await foreach (var _ in services.GetRequiredService<IChatClient>().GetStreamingResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        });

        Assert.Equal(TimeSpan.FromSeconds(90), error.RetryAfter);
    }

    [Fact]
    public async Task Persistent_5xx_becomes_ProviderUnavailableException_with_the_servers_message()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.Error(500, "The model crashed.", "server_error", "internal_error"));
        await using var services = OpenAIChat(server);

        var error = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            services.GetRequiredService<IChatClient>().GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("OpenAI chat model 'gpt-test'", error.Message, StringComparison.Ordinal);
        Assert.Contains("The model crashed.", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_refused_connection_becomes_ProviderUnavailableException()
    {
        int closedPort;
        await using (var server = new FakeProviderServer(_ => new FakeResponse(200)))
        {
            closedPort = server.Port;
        }

        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Chat:Provider"] = "OpenAICompatible",
            ["RagBot:Chat:OpenAICompatible:BaseUrl"] = $"http://127.0.0.1:{closedPort}/v1",
            ["RagBot:Chat:OpenAICompatible:Model"] = "llama3.1",
        });

        var error = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            services.GetRequiredService<IChatClient>().GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("OpenAI-compatible chat server", error.Message, StringComparison.Ordinal);
    }

    internal static ServiceProvider OpenAIChat(FakeProviderServer server, params (string Key, string Value)[] extra) =>
        ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Chat:Provider"] = "OpenAI",
            ["RagBot:Chat:OpenAI:ApiKey"] = "sk-test-key",
            ["RagBot:Chat:OpenAI:Model"] = "gpt-test",
            ["RagBot:Chat:OpenAI:Endpoint"] = new Uri(server.BaseUri, "v1").ToString(),
        }.Concat(extra.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))));
}
