using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Chat;

public sealed class ChatSessionTests : IClassFixture<RagBotApiFactory>
{
    private readonly HttpClient _client;

    public ChatSessionTests(RagBotApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _client = factory.CreateClient();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_follow_up_is_answered_from_the_document_the_conversation_is_about()
    {
        await UploadCorpusAsync();
        var first = await _client.AskAsync(new { message = "Who keeps the vault code?" });
        Assert.Contains("Ingrid Solberg", first.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var sessionId = first.GetProperty("sessionId").GetString();

        var followUp = await _client.AskAsync(new { message = "When was that changed?", sessionId });
        Assert.Equal(sessionId, followUp.GetProperty("sessionId").GetString());
        Assert.Contains("3 March 2024", followUp.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal("vault", followUp.CitedDocumentIds().First());

        var alone = await _client.AskAsync(new { message = "When was that changed?" });
        Assert.DoesNotContain("3 March 2024", alone.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turns_are_stored_with_their_standalone_query_and_citations_and_the_session_can_be_deleted()
    {
        await UploadCorpusAsync();
        var first = await _client.AskAsync(new { message = "Who keeps the vault code?" });
        var sessionId = first.GetProperty("sessionId").GetString();
        await _client.AskAsync(new { message = "When was that changed?", sessionId });

        var session = await _client.GetFromJsonAsync<JsonElement>($"/api/chat/sessions/{sessionId}", Token);
        Assert.Equal(sessionId, session.GetProperty("id").GetString());
        var turns = session.GetProperty("turns").EnumerateArray().ToList();
        Assert.Equal(2, turns.Count);
        Assert.Equal("Who keeps the vault code?", turns[0].GetProperty("question").GetString());
        Assert.Equal("Who keeps the vault code?", turns[0].GetProperty("standaloneQuery").GetString());
        Assert.Equal(first.GetProperty("answer").GetString(), turns[0].GetProperty("answer").GetString());
        Assert.Equal("extractive", turns[0].GetProperty("mode").GetString());
        Assert.Equal("vault", turns[0].GetProperty("citations")[0].GetProperty("documentId").GetString());
        Assert.Equal("When was that changed?", turns[1].GetProperty("question").GetString());
        var standalone = turns[1].GetProperty("standaloneQuery").GetString()!;
        Assert.Contains("vault", standalone, StringComparison.Ordinal);
        Assert.EndsWith("When was that changed?", standalone, StringComparison.Ordinal);
        Assert.True(turns[1].GetProperty("createdAt").GetDateTimeOffset() >= turns[0].GetProperty("createdAt").GetDateTimeOffset());

        var deleted = await _client.DeleteAsync(new Uri($"/api/chat/sessions/{sessionId}", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var gone = await _client.GetAsync(new Uri($"/api/chat/sessions/{sessionId}", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("https://ragbot.dev/problems/session-not-found", (await gone.ProblemAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync(new Uri($"/api/chat/sessions/{sessionId}", UriKind.Relative), Token)).StatusCode);
    }

    [Fact]
    public async Task A_session_id_chosen_by_the_client_starts_a_session_under_that_id()
    {
        await UploadCorpusAsync();
        var answer = await _client.AskAsync(new { message = "When do the greenhouse sprinklers run?", sessionId = "client-chosen_42" });
        Assert.Equal("client-chosen_42", answer.GetProperty("sessionId").GetString());
        var session = await _client.GetFromJsonAsync<JsonElement>("/api/chat/sessions/client-chosen_42", Token);
        Assert.Single(session.GetProperty("turns").EnumerateArray());
        Assert.Equal("local-operator", session.GetProperty("owner").GetString()); // without API keys every session belongs to the local operator
    }

    [Fact]
    public async Task An_unknown_session_is_a_404_problem_and_a_malformed_session_id_is_rejected()
    {
        var missing = await _client.GetAsync(new Uri("/api/chat/sessions/never-made", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("never-made", (await missing.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var bad = await _client.PostAsJsonAsync("/api/chat", new { message = "hello", sessionId = "../etc/passwd" }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private async Task UploadCorpusAsync()
    {
        await _client.UploadAsync("vault.md", ChatCorpus.Vault, documentId: "vault");
        await _client.UploadAsync("lobby.md", ChatCorpus.Lobby, documentId: "lobby");
        await _client.UploadAsync("greenhouse.md", ChatCorpus.Greenhouse, documentId: "greenhouse");
    }
}
