using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Errors;

namespace RagBot.UnitTests.Providers;

public sealed class ResilienceTests
{
    [Fact]
    public async Task After_repeated_failures_the_circuit_opens_and_calls_fail_without_reaching_the_server()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.Error(502, "Bad gateway.", "server_error", null));
        await using var services = RemoteChatProviderTests.OpenAIChat(
            server,
            ("RagBot:Chat:Resilience:MaxRetries", "0"),
            ("RagBot:Chat:Resilience:CircuitBreakerMinimumThroughput", "2"),
            ("RagBot:Chat:Resilience:CircuitBreakerBreakSeconds", "60"));
        var chat = services.GetRequiredService<IChatClient>();

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<ProviderUnavailableException>(() => chat.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));
        }

        var requestsBeforeOpen = server.Requests.Count;
        var error = await Assert.ThrowsAsync<ProviderUnavailableException>(() => chat.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("circuit open", error.Message, StringComparison.Ordinal);
        Assert.Equal(requestsBeforeOpen, server.Requests.Count);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_becomes_ProviderUnavailableException()
    {
        using var release = new ManualResetEventSlim();
        await using var server = new FakeProviderServer(_ =>
        {
            release.Wait(TimeSpan.FromSeconds(10));
            return OpenAIWire.ChatCompletion("gpt-test", "too late");
        });
        await using var services = RemoteChatProviderTests.OpenAIChat(
            server,
            ("RagBot:Chat:Resilience:MaxRetries", "0"),
            ("RagBot:Chat:Resilience:AttemptTimeoutSeconds", "0.3"));

        var error = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            services.GetRequiredService<IChatClient>().GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));
        release.Set();

        Assert.Contains("did not answer in time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_key_is_reported_with_the_servers_message_and_a_hint()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.Error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
        await using var services = RemoteChatProviderTests.OpenAIChat(server);

        var error = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            services.GetRequiredService<IChatClient>().GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("HTTP 401: Incorrect API key provided. (invalid_api_key)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Check the configured ApiKey.", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_429_with_a_short_Retry_After_is_retried()
    {
        var calls = 0;
        await using var server = new FakeProviderServer(_ => Interlocked.Increment(ref calls) == 1
            ? OpenAIWire.Error(429, "Slow down.", "requests", "rate_limit_exceeded", new Dictionary<string, string> { ["Retry-After"] = "0" })
            : OpenAIWire.ChatCompletion("gpt-test", "After waiting [1]."));
        await using var services = RemoteChatProviderTests.OpenAIChat(server);

        var response = await services.GetRequiredService<IChatClient>().GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("After waiting [1].", response.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task The_attempt_timeout_does_not_cut_a_stream_that_is_still_flowing()
    {
        // Five frames 0.7 s apart outlast both timeouts, which only bound the wait for the response headers.
        var stream = OpenAIWire.ChatStream("gpt-test", "slow ", "but ", "steady") with { FramePause = TimeSpan.FromMilliseconds(700) };
        await using var server = new FakeProviderServer(_ => stream);
        await using var services = RemoteChatProviderTests.OpenAIChat(server, ("RagBot:Chat:Resilience:AttemptTimeoutSeconds", "2"), ("RagBot:Chat:Resilience:TotalTimeoutSeconds", "2.5"));

        var text = new System.Text.StringBuilder();
        await foreach (var update in services.GetRequiredService<IChatClient>().GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
            text.Append(update.Text);
        }

        Assert.Equal("slow but steady", text.ToString());
    }
}
