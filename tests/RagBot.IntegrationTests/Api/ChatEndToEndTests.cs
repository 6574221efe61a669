using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagBot.IntegrationTests.Api;

public sealed class ChatEndToEndTests : IClassFixture<RagBotApiFactory>
{
    private const string Lighthouse = """
        # Harbor operations

        The Varnholm lighthouse keeper rotates the lamp every Tuesday at dawn.
        The lamp uses a sodium bulb rated for nine thousand hours.

        ## Tides

        High tide at Varnholm arrives roughly fifty minutes later each day.
        """;

    private const string Bakery = """
        # Bakery handbook

        Sourdough loaves proof overnight in the walk-in cooler at four degrees.
        The rye starter is fed twice a day with whole grain flour.
        """;

    private readonly HttpClient _client;

    public ChatEndToEndTests(RagBotApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task Answers_from_the_uploaded_document_and_stops_citing_it_after_delete()
    {
        var upload = await _client.UploadAsync("harbor.md", Lighthouse, documentId: "harbor");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal("/api/documents/harbor", upload.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Created, (await _client.UploadAsync("bakery.md", Bakery, documentId: "bakery")).StatusCode);

        var answer = await _client.AskAsync(new { message = "When does the Varnholm keeper rotate the lamp?" });
        Assert.Equal("extractive", answer.GetProperty("mode").GetString());
        Assert.Contains("Tuesday at dawn", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal(["harbor"], answer.CitedDocumentIds().Distinct());
        var citation = answer.GetProperty("citations")[0];
        Assert.Equal("harbor.md", citation.GetProperty("source").GetString());
        Assert.Equal(1, citation.GetProperty("index").GetInt32());
        Assert.Contains("[1]", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("sessionId").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(new Uri("/api/documents/harbor", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        var after = await _client.AskAsync(new { message = "When does the Varnholm keeper rotate the lamp?" });
        Assert.DoesNotContain("harbor", after.CitedDocumentIds());
        Assert.DoesNotContain("Tuesday", after.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_off_topic_question_gets_the_not_found_answer()
    {
        await _client.UploadAsync("bakery-offtopic.md", Bakery, documentId: "bakery-offtopic");
        var answer = await _client.AskAsync(new { message = "What is the orbital period of Neptune's moon Triton?" });
        Assert.Equal("not-found", answer.GetProperty("mode").GetString());
        Assert.Equal("I could not find this in the documents.", answer.GetProperty("answer").GetString());
        Assert.Empty(answer.GetProperty("citations").EnumerateArray());
    }

    [Fact]
    public async Task Re_uploading_identical_bytes_is_unchanged_and_changed_bytes_replace_the_document()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.UploadAsync("notes.md", "# Notes\n\nThe vault code is kept by Ingrid Solberg.")).StatusCode);
        var again = await _client.UploadAsync("notes.md", "# Notes\n\nThe vault code is kept by Ingrid Solberg.");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await again.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("unchanged", body.GetProperty("status").GetString());

        var replaced = await _client.UploadAsync("notes.md", "# Notes\n\nThe vault code is kept by Magnus Berg.");
        var replacedBody = await replaced.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("updated", replacedBody.GetProperty("status").GetString());
        var answer = await _client.AskAsync(new { message = "Who keeps the vault code?" });
        Assert.Contains("Magnus Berg", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Ingrid", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_filters_restrict_the_sources()
    {
        await _client.UploadAsync("team-a.md", "Team Amber deploys on Mondays from the Quarry cluster.", documentId: "team-a", "team:amber");
        await _client.UploadAsync("team-b.md", "Team Birch deploys on Fridays from the Quarry cluster.", documentId: "team-b", "team:birch");
        var answer = await _client.AskAsync(new { message = "Which day does the team deploy from the Quarry cluster?", filters = new[] { "team:birch" } });
        Assert.Equal(["team-b"], answer.CitedDocumentIds().Distinct());
    }

    [Fact]
    public async Task Documents_are_listed_and_fetched()
    {
        await _client.UploadAsync("listed.md", "# Listed\n\nThis document is listed.", documentId: "listed", "kind:test");
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/documents", TestContext.Current.CancellationToken);
        var listed = list.EnumerateArray().Single(d => d.GetProperty("id").GetString() == "listed");
        Assert.Equal("text/markdown", listed.GetProperty("contentType").GetString());
        Assert.Equal(["kind:test"], listed.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var one = await _client.GetFromJsonAsync<JsonElement>("/api/documents/listed", TestContext.Current.CancellationToken);
        Assert.Equal("listed.md", one.GetProperty("source").GetString());
        Assert.Equal(64, one.GetProperty("sha256").GetString()!.Length);
    }
}
