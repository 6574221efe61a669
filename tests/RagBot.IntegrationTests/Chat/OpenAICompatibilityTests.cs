using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Chat;

/// <summary>RagBot used as a model by the official OpenAI .NET client, over the API's HTTP pipeline.</summary>
public sealed class OpenAICompatibilityTests : IClassFixture<RagBotApiFactory>
{
    private readonly RagBotApiFactory _factory;
    private readonly HttpClient _http;

    public OpenAICompatibilityTests(RagBotApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _http = factory.CreateClient();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CompleteChat_returns_the_cited_answer_and_the_ragbot_extension()
    {
        await UploadCorpusAsync();
        var client = ChatClientFor("ragbot");

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage("Who keeps the vault code?")], cancellationToken: Token);

        var completion = result.Value;
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal("ragbot", completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        var text = completion.Content[0].Text;
        Assert.Contains("Ingrid Solberg", text, StringComparison.Ordinal);
        Assert.Contains("[1]", text, StringComparison.Ordinal);
        Assert.NotNull(completion.Usage);

        var raw = JsonDocument.Parse(result.GetRawResponse().Content.ToString()).RootElement;
        Assert.Equal("chat.completion", raw.GetProperty("object").GetString());
        var ragbot = raw.GetProperty("ragbot");
        Assert.Equal("extractive", ragbot.GetProperty("mode").GetString());
        Assert.Equal(text, ragbot.GetProperty("answer").GetString());
        var citation = ragbot.GetProperty("citations")[0];
        Assert.Equal(1, citation.GetProperty("index").GetInt32());
        Assert.Equal("vault", citation.GetProperty("document_id").GetString());
        Assert.Equal("vault.md", citation.GetProperty("source").GetString());
    }

    [Fact]
    public async Task CompleteChatStreaming_streams_the_answer_and_finishes_with_stop()
    {
        await UploadCorpusAsync();
        var client = ChatClientFor("ragbot");
        var text = new StringBuilder();
        var finishes = new List<ChatFinishReason>();
        ChatTokenUsage? usage = null;

        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Who keeps the vault code?")], new ChatCompletionOptions(), Token))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            if (update.FinishReason is { } finish)
            {
                finishes.Add(finish);
            }

            usage ??= update.Usage;
        }

        Assert.Contains("Ingrid Solberg", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("[1]", text.ToString(), StringComparison.Ordinal);
        Assert.Equal([ChatFinishReason.Stop], finishes);
        Assert.NotNull(usage);
    }

    [Fact]
    public async Task The_stream_is_data_chunks_ending_with_done_and_the_finishing_chunk_carries_the_citations()
    {
        await UploadCorpusAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/chat/completions", UriKind.Relative))
        {
            Content = JsonContent.Create(new { model = "ragbot", stream = true, messages = new[] { new { role = "user", content = "Who keeps the vault code?" } } }),
        };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var frames = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(Token)).EnumerateAsync(Token))
        {
            frames.Add(item);
        }

        Assert.All(frames, f => Assert.Equal("message", f.EventType));
        Assert.Equal("[DONE]", frames[^1].Data);
        var chunks = frames.SkipLast(1).Select(f => JsonDocument.Parse(f.Data).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var last = chunks[^1];
        Assert.Equal("stop", last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Empty(last.GetProperty("choices")[0].GetProperty("delta").EnumerateObject());
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.Equal(["content"], c.GetProperty("choices")[0].GetProperty("delta").EnumerateObject().Select(p => p.Name)));
        Assert.All(chunks.SkipLast(1), c => Assert.False(c.TryGetProperty("ragbot", out _)));
        Assert.Equal("vault", last.GetProperty("ragbot").GetProperty("citations")[0].GetProperty("document_id").GetString());
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
    }

    [Fact]
    public async Task Earlier_messages_are_the_history_of_a_follow_up()
    {
        await UploadCorpusAsync();
        var client = ChatClientFor("ragbot");
        ClientResult<ChatCompletion> result = await client.CompleteChatAsync(
            [
                new SystemChatMessage("You are a helpful assistant."),
                new UserChatMessage("Who keeps the vault code?"),
                new AssistantChatMessage("The vault code is kept by Ingrid Solberg of the security office. [1]"),
                new UserChatMessage("When was that changed?"),
            ],
            cancellationToken: Token);

        Assert.Contains("3 March 2024", result.Value.Content[0].Text, StringComparison.Ordinal);
        var ragbot = JsonDocument.Parse(result.GetRawResponse().Content.ToString()).RootElement.GetProperty("ragbot");
        Assert.Contains("vault", ragbot.GetProperty("standalone_query").GetString(), StringComparison.Ordinal);
        Assert.Equal("vault", ragbot.GetProperty("citations")[0].GetProperty("document_id").GetString());
    }

    [Fact]
    public async Task Models_lists_ragbot_with_its_mode_and_a_request_without_a_user_message_is_an_openai_error()
    {
        var models = await _http.GetFromJsonAsync<JsonElement>("/v1/models", Token);
        Assert.Equal("list", models.GetProperty("object").GetString());
        var model = Assert.Single(models.GetProperty("data").EnumerateArray());
        Assert.Equal("ragbot", model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
        Assert.Equal("extractive", model.GetProperty("ragbot").GetProperty("mode").GetString());

        var bad = await _http.PostAsJsonAsync("/v1/chat/completions", new { model = "ragbot", messages = new[] { new { role = "system", content = "hi" } } }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var error = await bad.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());

        var exception = await Assert.ThrowsAsync<ClientResultException>(() => ChatClientFor("ragbot").CompleteChatAsync([new SystemChatMessage("no question")], cancellationToken: Token));
        Assert.Equal(400, exception.Status);
    }

    private ChatClient ChatClientFor(string model) => new(
        model,
        new ApiKeyCredential("not-checked"),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(_factory.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(_factory.CreateClient()),
        });

    private async Task UploadCorpusAsync()
    {
        await _http.UploadAsync("vault.md", ChatCorpus.Vault, documentId: "vault");
        await _http.UploadAsync("lobby.md", ChatCorpus.Lobby, documentId: "lobby");
    }
}
