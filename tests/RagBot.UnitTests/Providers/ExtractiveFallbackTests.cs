using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Chat;
using RagBot.Core.Errors;

namespace RagBot.UnitTests.Providers;

public sealed class ExtractiveFallbackTests
{
    private static ChatMessage[] GroundedQuestion() =>
    [
        new(ChatRole.User, string.Join(
            "\n\n",
            GroundedPrompt.FormatSource(1, "guide.md", "", "The data directory holds the database. Uploads are limited to 20 MB."),
            GroundedPrompt.FormatQuestion("Which directory holds the database?"),
            GroundedPrompt.FormatNotFound("I could not find this in the documents."))),
    ];

    [Fact]
    public async Task A_throttled_provider_is_answered_extractively_and_labelled_when_fallback_is_on()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.Error(
            429, "Rate limited.", "requests", "rate_limit_exceeded", new Dictionary<string, string> { ["Retry-After"] = "60" }));
        await using var services = RemoteChatProviderTests.OpenAIChat(server, ("RagBot:Chat:FallbackToExtractive", "true"));

        var response = await services.GetRequiredService<IChatClient>().GetResponseAsync(GroundedQuestion(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("[1]", response.Text, StringComparison.Ordinal);
        Assert.Equal(AnswerMode.Extractive, response.AdditionalProperties?["ragbot.mode"]);
        Assert.Equal(true, response.AdditionalProperties?["ragbot.fallback"]);
    }

    [Fact]
    public async Task A_down_provider_is_answered_extractively_when_streaming()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.Error(503, "Down for maintenance.", "server_error", null));
        await using var services = RemoteChatProviderTests.OpenAIChat(server, ("RagBot:Chat:FallbackToExtractive", "true"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in services.GetRequiredService<IChatClient>().GetStreamingResponseAsync(GroundedQuestion(), cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Contains("database", response.Text, StringComparison.Ordinal);
        Assert.Equal(AnswerMode.Extractive, response.AdditionalProperties?["ragbot.mode"]);
        Assert.Equal(true, response.AdditionalProperties?["ragbot.fallback"]);
    }

    [Fact]
    public async Task Without_fallback_the_failure_reaches_the_caller()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.Error(503, "Down for maintenance.", "server_error", null));
        await using var services = RemoteChatProviderTests.OpenAIChat(server);

        await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            services.GetRequiredService<IChatClient>().GetResponseAsync(GroundedQuestion(), cancellationToken: TestContext.Current.CancellationToken));
    }
}
