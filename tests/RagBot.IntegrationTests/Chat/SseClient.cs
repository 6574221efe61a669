using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace RagBot.IntegrationTests.Chat;

/// <summary>Reads a server-sent event stream the way a browser's EventSource would (System.Net.ServerSentEvents).</summary>
internal static class SseClient
{
    public static async Task<(HttpResponseMessage Response, List<SseItem<string>> Events)> PostForEventsAsync(
        this HttpClient client, string path, object body, bool acceptHeader = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (acceptHeader)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var events = new List<SseItem<string>>();
        await using var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(TestContext.Current.CancellationToken))
        {
            events.Add(item);
        }

        return (response, events);
    }

    public static JsonElement Json(this SseItem<string> item) => JsonDocument.Parse(item.Data).RootElement;
}
