using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace RagBot.IntegrationTests.Api;

public sealed class BadInputTests : IClassFixture<BadInputTests.SmallLimitFactory>
{
    private readonly HttpClient _client;

    public BadInputTests(SmallLimitFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _client = factory.CreateClient();
    }

    public sealed class SmallLimitFactory() : RagBotApiFactory(new Dictionary<string, string?> { ["RagBot:Ingestion:MaxUploadBytes"] = "2000" });

    [Theory]
    [InlineData("{\"message\": \"\"}")]
    [InlineData("{\"message\": \"   \"}")]
    [InlineData("{}")]
    [InlineData("{\"message\": \"hi\", \"topK\": 0}")]
    [InlineData("{\"message\": \"hi\", \"filters\": [\"no-colon\"]}")]
    public async Task Invalid_chat_requests_are_400_problem_details(string body)
    {
        var response = await _client.PostAsync(new Uri("/api/chat", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        // Validation problems, the framework's and ours, share RagBot's type scheme (not a link into RFC 9110).
        Assert.StartsWith("https://ragbot.dev/problems/", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/no-such-thing", 404, "https://ragbot.dev/problems/not-found")]
    [InlineData("PUT", "/api/chat", 405, "https://ragbot.dev/problems/method-not-allowed")]
    public async Task Framework_answers_carry_ragbot_problem_types(string method, string path, int status, string type)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(type, (await response.ProblemAsync()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("{\"message\": ")]
    [InlineData("{\"message\": 42}")]
    [InlineData("not json")]
    public async Task Malformed_json_is_a_400_problem_not_a_500(string body)
    {
        var response = await _client.PostAsync(new Uri("/api/chat", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.ProblemAsync();
    }

    [Fact]
    public async Task Unsupported_file_type_is_415()
    {
        var response = await _client.UploadAsync("tool.exe", "MZ not really");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Contains(".exe", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_file_is_400()
    {
        var response = await _client.UploadBytesAsync("empty.md", []);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.ProblemAsync();
    }

    [Fact]
    public async Task Oversized_upload_is_413_and_nothing_is_stored()
    {
        var response = await _client.UploadAsync("big.md", new string('a', 5000), documentId: "big");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MaxUploadBytes", (await response.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri("/api/documents/big", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Unknown_document_is_404()
    {
        var delete = await _client.DeleteAsync(new Uri("/api/documents/nope", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Contains("nope", (await delete.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri("/api/documents/nope", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Upload_without_a_file_field_is_400()
    {
        using var form = new MultipartFormDataContent { { new StringContent("x"), "documentId" } };
        var response = await _client.PostAsync(new Uri("/api/documents", UriKind.Relative), form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'file'", (await response.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_that_is_not_multipart_is_415()
    {
        var response = await _client.PostAsJsonAsync("/api/documents", new { file = "x" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await response.ProblemAsync();
    }

    [Fact]
    public async Task Invalid_document_id_or_tag_is_400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.UploadAsync("ok.md", "# ok\n\ntext", documentId: "../etc/passwd")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.UploadAsync("ok.md", "# ok\n\ntext", null, "notatag")).StatusCode);
    }
}
