using System.Text;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Chat;

public sealed class ChatStreamingTests : IClassFixture<RagBotApiFactory>
{
    private readonly HttpClient _client;

    public ChatStreamingTests(RagBotApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task Accept_event_stream_sends_citations_then_deltas_then_done()
    {
        await _client.UploadAsync("vault.md", ChatCorpus.Vault, documentId: "vault");
        await _client.UploadAsync("lobby.md", ChatCorpus.Lobby, documentId: "lobby");
        var (response, events) = await _client.PostForEventsAsync("/api/chat", new { message = "Who keeps the vault code?" });

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("citations", events[0].EventType);
        Assert.Equal("done", events[^1].EventType);
        var deltas = events.Skip(1).SkipLast(1).ToList();
        Assert.NotEmpty(deltas);
        Assert.All(deltas, d => Assert.Equal("delta", d.EventType));

        var sources = events[0].Json();
        var sourceIndexes = sources.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("index").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, sourceIndexes.Count), sourceIndexes);
        Assert.Equal("vault", sources.GetProperty("citations")[0].GetProperty("documentId").GetString());

        var done = events[^1].Json();
        var streamed = new StringBuilder();
        foreach (var delta in deltas)
        {
            streamed.Append(delta.Json().GetProperty("text").GetString());
        }

        Assert.Equal(done.GetProperty("answer").GetString(), streamed.ToString().Trim());
        Assert.Contains("Ingrid Solberg", done.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal("extractive", done.GetProperty("mode").GetString());
        Assert.Equal(sources.GetProperty("sessionId").GetString(), done.GetProperty("sessionId").GetString());
        Assert.All(done.GetProperty("citations").EnumerateArray(), c => Assert.Contains(c.GetProperty("index").GetInt32(), sourceIndexes));
        Assert.Equal(["vault"], done.CitedDocumentIds().Distinct());
    }

    [Fact]
    public async Task Stream_true_in_the_body_streams_too_and_the_turn_is_stored()
    {
        await _client.UploadAsync("greenhouse.md", ChatCorpus.Greenhouse, documentId: "greenhouse");
        var (_, events) = await _client.PostForEventsAsync("/api/chat", new { message = "When do the greenhouse sprinklers run?", stream = true }, acceptHeader: false);
        Assert.Equal(["citations", "delta", "done"], events.Select(e => e.EventType).Distinct());
        var sessionId = events[^1].Json().GetProperty("sessionId").GetString();
        var session = await _client.GetStringAsync(new Uri($"/api/chat/sessions/{sessionId}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("sprinklers", session, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_off_topic_stream_has_no_sources_and_ends_with_the_not_found_answer()
    {
        await _client.UploadAsync("greenhouse.md", ChatCorpus.Greenhouse, documentId: "greenhouse");
        var (_, events) = await _client.PostForEventsAsync("/api/chat", new { message = "What is the orbital period of Neptune's moon Triton?" });
        Assert.Equal(["citations", "delta", "done"], events.Select(e => e.EventType));
        Assert.Empty(events[0].Json().GetProperty("citations").EnumerateArray());
        Assert.Equal("I could not find this in the documents.", events[1].Json().GetProperty("text").GetString());
        Assert.Equal("not-found", events[2].Json().GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Tag_filters_keep_other_documents_out_of_the_streamed_sources()
    {
        await _client.UploadAsync("team-a.md", "Team Amber deploys on Mondays from the Quarry cluster.", documentId: "stream-team-a", "team:amber");
        await _client.UploadAsync("team-b.md", "Team Birch deploys on Fridays from the Quarry cluster.", documentId: "stream-team-b", "team:birch");
        var (_, events) = await _client.PostForEventsAsync("/api/chat", new { message = "Which day does the team deploy from the Quarry cluster?", filters = new[] { "team:birch" } });
        var sources = events[0].Json().GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("documentId").GetString()).ToList();
        Assert.Equal(["stream-team-b"], sources.Distinct());
        Assert.Contains("Fridays", events[^1].Json().GetProperty("answer").GetString(), StringComparison.Ordinal);
    }
}
