using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace RagBot.IntegrationTests.Api;

/// <summary>Issue 14: null tag filters and text that is not UTF-8, anywhere in a JSON body, are 400 problem details on every endpoint.</summary>
public sealed class JsonBodyValidationTests : IClassFixture<RagBotApiFactory>
{
    private readonly HttpClient _client;

    public JsonBodyValidationTests(RagBotApiFactory factory)
    {
        _client = factory.CreateClient();
    }

    [Theory]
    [InlineData("/api/search", "{\"query\":\"cranes\",\"filters\":[null]}")]
    [InlineData("/api/search", "{\"query\":\"cranes\",\"filters\":[\"team:a\",null]}")]
    [InlineData("/api/chat", "{\"message\":\"cranes?\",\"filters\":[null]}")]
    [InlineData("/api/chat", "{\"message\":\"cranes?\",\"filters\":[null],\"stream\":true}")]
    [InlineData("/v1/chat/completions", "{\"model\":\"ragbot\",\"messages\":[{\"role\":\"user\",\"content\":\"cranes?\"}],\"ragbot\":{\"filters\":[null]}}")]
    [InlineData("/v1/chat/completions", "{\"model\":\"ragbot\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"cranes?\"}],\"ragbot\":{\"filters\":[null]}}")]
    public async Task A_null_tag_filter_is_400_before_any_stream_starts(string path, string json)
    {
        var response = await PostAsync(path, Encoding.UTF8.GetBytes(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "application/problem+json", "application/json" });
        Assert.Contains("null", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/chat", "{\"message\":\"cranes?\",\"sessionId\":\"\"}")]
    [InlineData("/api/chat", "{\"message\":\"cranes?\",\"sessionId\":\"\",\"stream\":true}")]
    [InlineData("/v1/chat/completions", "{\"model\":\"ragbot\",\"messages\":[null]}")]
    [InlineData("/v1/chat/completions", "{\"model\":\"ragbot\",\"messages\":[null,{\"role\":\"user\",\"content\":\"cranes?\"}]}")]
    [InlineData("/v1/chat/completions", "{\"model\":\"ragbot\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"cranes?\"},null]}")]
    public async Task An_empty_session_id_or_a_null_message_is_400_before_any_stream_starts(string path, string json)
    {
        var response = await PostAsync(path, Encoding.UTF8.GetBytes(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "application/problem+json", "application/json" });
    }

    [Theory]
    [InlineData("{\"model\":\"ragbot\",\"messages\":[{\"role\":\"user\",\"content\":\"cranes @\"}]}")]
    [InlineData("{\"model\":\"ragbot\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"cranes @\"}]}]}")]
    [InlineData("{\"model\":\"ragbot\",\"messages\":[{\"role\":\"user\",\"content\":\"@\"},{\"role\":\"assistant\",\"content\":\"ok\"},{\"role\":\"user\",\"content\":\"cranes?\"}]}")]
    [InlineData("{\"model\":\"ragbot\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"@\"}]}]}")]
    [InlineData("{\"model\":\"ragbot\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"@\"}},{\"type\":\"text\",\"text\":\"cranes?\"}]}]}")]
    public async Task Invalid_utf8_anywhere_in_a_completion_request_is_400(string template)
    {
        foreach (var bad in new[] { new byte[] { 0xC3, 0x28 }, [0xFF, 0xFE], [0xED, 0xA0, 0x80], Encoding.ASCII.GetBytes("\\ud800") })
        {
            var response = await PostAsync("/v1/chat/completions", Splice(template, bad));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>The template's UTF-8 bytes with <paramref name="bad"/> in place of the '@'.</summary>
    internal static byte[] Splice(string template, byte[] bad)
    {
        var at = template.IndexOf('@', StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. bad, .. Encoding.UTF8.GetBytes(template[(at + 1)..])];
    }

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await _client.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }
}
