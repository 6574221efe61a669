using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RagBot.IntegrationTests.Api;
using RagBot.IntegrationTests.Chat;

namespace RagBot.IntegrationTests.Security;

public sealed class AuthorizationTests : IClassFixture<SecuredApiFactory>
{
    private readonly SecuredApiFactory _factory;

    public AuthorizationTests(SecuredApiFactory factory)
    {
        _factory = factory;
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("POST", "/api/chat")]
    [InlineData("POST", "/api/search")]
    [InlineData("GET", "/api/documents")]
    [InlineData("DELETE", "/api/documents/x")]
    [InlineData("GET", "/api/admin/index")]
    [InlineData("GET", "/v1/models")]
    public async Task Without_a_key_every_api_route_is_401_problem_details(string method, string path)
    {
        var response = await _factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("API key", (await response.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_401_and_health_needs_none()
    {
        var wrong = _factory.ClientWith("not-a-valid-key-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("/api/documents", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync(new Uri("/health", UriKind.Relative), Cancel)).StatusCode);
    }

    [Theory]
    [InlineData(SecuredApiFactory.User, "user")]
    [InlineData(SecuredApiFactory.Admin, "admin")]
    public async Task Users_chat_and_search_but_only_admins_upload_delete_and_reindex(string key, string role)
    {
        var client = _factory.ClientWith(key, bearer: role == "admin");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/chat", new { message = "anything about kites?" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/search", new { query = "kites" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/documents", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v1/models", UriKind.Relative), Cancel)).StatusCode);

        var upload = await client.UploadAsync($"roles-{role}.md", "# Roles\n\nOnly admins upload.", documentId: $"roles-{role}");
        var delete = await client.DeleteAsync(new Uri($"/api/documents/roles-{role}", UriKind.Relative), Cancel);
        var index = await client.GetAsync(new Uri("/api/admin/index", UriKind.Relative), Cancel);
        var expected = role == "admin" ? (HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.OK) : (HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden);
        Assert.Equal(expected, (upload.StatusCode, delete.StatusCode, index.StatusCode));
        if (role == "user")
        {
            Assert.Contains("admin", (await upload.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_scoped_key_never_sees_another_tenants_chunks_documents_or_originals()
    {
        var acme = _factory.ClientWith(SecuredApiFactory.AcmeAdmin);
        var beta = _factory.ClientWith(SecuredApiFactory.BetaAdmin);
        var betaUser = _factory.ClientWith(SecuredApiFactory.BetaUser);
        Assert.Equal(HttpStatusCode.Created, (await acme.UploadAsync("acme-plan.md", "# Plan\n\nThe Quillon launch code for acme is ORCHID-7.", documentId: "acme-plan")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await beta.UploadAsync("beta-plan.md", "# Plan\n\nThe Quillon launch code for beta is MAPLE-3.", documentId: "beta-plan")).StatusCode);

        var own = await acme.GetFromJsonAsync<JsonElement>("/api/documents/acme-plan", Cancel);
        Assert.Contains("tenant:acme", own.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        // Asking for the other tenant's document, even with its tag as a filter, finds only your own.
        var answer = await betaUser.AskAsync(new { message = "What is the Quillon launch code for acme?", filters = new[] { "tenant:acme" } });
        Assert.Empty(answer.CitedDocumentIds());
        Assert.DoesNotContain("ORCHID", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var answerOwn = await betaUser.AskAsync(new { message = "What is the Quillon launch code?" });
        Assert.Equal(["tenant.beta.beta-plan"], answerOwn.CitedDocumentIds().Distinct());

        var search = await betaUser.PostAsJsonAsync("/api/search", new { query = "Quillon launch code ORCHID", topK = 20 }, Cancel);
        var hits = await search.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.DoesNotContain("tenant.acme.acme-plan", hits.EnumerateArray().Select(h => h.GetProperty("documentId").GetString()));

        var completion = await betaUser.PostAsJsonAsync("/v1/chat/completions", new { model = "ragbot", messages = new[] { new { role = "user", content = "What is the Quillon launch code for acme? ORCHID?" } } }, Cancel);
        Assert.DoesNotContain("acme-plan", await completion.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        var listed = await betaUser.GetFromJsonAsync<JsonElement>("/api/documents", Cancel);
        Assert.DoesNotContain("tenant.acme.acme-plan", listed.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await betaUser.GetAsync(new Uri("/api/documents/acme-plan", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await betaUser.GetAsync(new Uri("/api/documents/acme-plan/content", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await beta.DeleteAsync(new Uri("/api/documents/acme-plan", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await beta.DeleteAsync(new Uri("/api/documents/tenant.acme.acme-plan", UriKind.Relative), Cancel)).StatusCode);

        // Ids live in per-tenant namespaces: beta's upload under acme's id makes beta's own document, acme's is untouched.
        Assert.Equal(HttpStatusCode.Created, (await beta.UploadAsync("steal.md", "# Mine now\n\nBeta wrote this.", documentId: "acme-plan")).StatusCode);
        Assert.Contains("ORCHID-7", await acme.GetStringAsync(new Uri("/api/documents/acme-plan/content", UriKind.Relative), Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_belongs_to_the_key_that_made_it()
    {
        var mine = _factory.ClientWith(SecuredApiFactory.User);
        var other = _factory.ClientWith(SecuredApiFactory.BetaUser);
        var first = await mine.AskAsync(new { message = "Tell me about kites", sessionId = "owned-by-reader" });
        Assert.Equal("owned-by-reader", first.GetProperty("sessionId").GetString());

        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync(new Uri("/api/chat/sessions/owned-by-reader", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri("/api/chat/sessions/owned-by-reader", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(new Uri("/api/chat/sessions/owned-by-reader", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await mine.DeleteAsync(new Uri("/api/chat/sessions/owned-by-reader", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task Session_ids_are_per_key_so_another_key_s_id_neither_leaks_nor_can_be_squatted()
    {
        var mine = _factory.ClientWith(SecuredApiFactory.User);
        var other = _factory.ClientWith(SecuredApiFactory.BetaUser);
        // The other key chose the id first (squatting, or the same id by chance): the owner still gets the id as its own session.
        var squat = await other.PostAsJsonAsync("/api/chat", new { message = "Tell me about kites", sessionId = "shared-name" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, squat.StatusCode);
        Assert.Equal("shared-name", (await squat.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("sessionId").GetString());

        // JSON and streamed chats on an id another key uses: no 404 that would tell the id exists, a session of the caller's own.
        var first = await mine.PostAsJsonAsync("/api/chat", new { message = "What about gliders?", sessionId = "shared-name" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var (streamed, events) = await mine.PostForEventsAsync("/api/chat", new { message = "And balloons?", sessionId = "shared-name" });
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("shared-name", events.First(e => e.EventType == "citations").Json().GetProperty("sessionId").GetString());
        Assert.Equal("shared-name", events.Single(e => e.EventType == "done").Json().GetProperty("sessionId").GetString());

        var minePast = await mine.GetFromJsonAsync<JsonElement>("/api/chat/sessions/shared-name", Cancel);
        var otherPast = await other.GetFromJsonAsync<JsonElement>("/api/chat/sessions/shared-name", Cancel);
        Assert.Equal(("shared-name", "reader"), (minePast.GetProperty("id").GetString(), minePast.GetProperty("owner").GetString()));
        Assert.Equal(["What about gliders?", "And balloons?"], minePast.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("question").GetString()));
        Assert.Equal(["Tell me about kites"], otherPast.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("question").GetString()));

        // The OpenAI-compatible endpoint keeps no session: it neither reads nor writes either key's turns.
        var completion = await mine.PostAsJsonAsync("/v1/chat/completions", new { model = "ragbot", messages = new[] { new { role = "user", content = "Kites?" } } }, Cancel);
        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
        Assert.Equal(2, (await mine.GetFromJsonAsync<JsonElement>("/api/chat/sessions/shared-name", Cancel)).GetProperty("turns").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await other.DeleteAsync(new Uri("/api/chat/sessions/shared-name", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync(new Uri("/api/chat/sessions/shared-name", UriKind.Relative), Cancel)).StatusCode);
    }
}
