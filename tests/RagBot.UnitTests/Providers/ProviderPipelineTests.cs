using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Errors;

namespace RagBot.UnitTests.Providers;

public sealed class ProviderPipelineTests
{
    [Fact]
    public async Task Chat_calls_emit_OpenTelemetry_spans_naming_the_model()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Experimental.Microsoft.Extensions.AI", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = new FakeProviderServer(_ => OpenAIWire.ChatCompletion("gpt-test", "Traced [1]."));
        await using var services = RemoteChatProviderTests.OpenAIChat(server, ("RagBot:Chat:OpenAI:Model", "gpt-traced"));

        await services.GetRequiredService<IChatClient>().GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        lock (spans)
        {
            Assert.Contains(spans, span => span.DisplayName == "chat gpt-traced");
        }
    }

    [Fact]
    public async Task Azure_failures_are_retried_by_our_pipeline_only()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.Error(500, "Internal error.", "server_error", null));
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Chat:Provider"] = "AzureOpenAI",
            ["RagBot:Chat:AzureOpenAI:Endpoint"] = server.BaseUri.ToString(),
            ["RagBot:Chat:AzureOpenAI:Deployment"] = "chat-deployment",
            ["RagBot:Chat:AzureOpenAI:ApiKey"] = "azure-key",
        });

        var error = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            services.GetRequiredService<IChatClient>().GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("Azure OpenAI chat deployment 'chat-deployment'", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Azure_chat_streams_server_sent_events()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.ChatStream("gpt-4o-mini", "Azure ", "streams [1]."));
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Chat:Provider"] = "AzureOpenAI",
            ["RagBot:Chat:AzureOpenAI:Endpoint"] = server.BaseUri.ToString(),
            ["RagBot:Chat:AzureOpenAI:Deployment"] = "chat-deployment",
            ["RagBot:Chat:AzureOpenAI:ApiKey"] = "azure-key",
        });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in services.GetRequiredService<IChatClient>().GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        Assert.Equal("Azure streams [1].", string.Concat(updates.Select(u => u.Text)));
        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/deployments/chat-deployment/chat/completions?api-version=2024-10-21", request.PathAndQuery);
        Assert.True(request.Json["stream"]!.GetValue<bool>());
    }
}
