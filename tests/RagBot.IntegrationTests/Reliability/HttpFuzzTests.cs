using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using RagBot.IntegrationTests.Operability;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// Issue 9's endpoint fuzzing against the real server process: every operation, fed hostile bodies, ids and
/// query strings, must answer with a success or a 4xx problem+json, never a 5xx and never hang.
/// </summary>
public sealed partial class HttpFuzzTests : IClassFixture<FuzzServer>
{
    private const int Iterations = 250;
    private static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(20);
    private readonly FuzzServer _server;

    public HttpFuzzTests(FuzzServer server)
    {
        _server = server;
    }

    [Fact]
    public void Every_mapped_area_is_fuzzed()
    {
        var operations = _server.Operations.Select(o => $"{o.Method} {OpenApiDocument.Normalize(o.Template)}").ToHashSet();
        foreach (var expected in new[] { "POST /api/chat", "POST /api/documents", "GET /api/jobs/{id}", "POST /api/search", "POST /v1/chat/completions", "POST /api/admin/reindex", "DELETE /api/chat/sessions/{id}" })
        {
            Assert.Contains(expected, operations);
        }
    }

    [Fact]
    public async Task Every_operation_answers_json_of_the_wrong_shape_broken_json_and_invalid_utf8_without_a_5xx()
    {
        var requests = Gen.Select(Gen.OneOf([.. _server.Operations]), HostileInputs.Bodies);
        await requests.SampleAsync(
            async (operation, body) => await AssertAnsweredAsync(operation.Method, Fill(operation.Template, "fuzz-doc"), body.Body, body.ContentType),
            iter: Iterations,
            print: r => $"{r.Item1.Method} {r.Item1.Template} [{r.Item2.ContentType}] {Show(r.Item2.Body)}");
    }

    [Fact]
    public async Task Every_operation_answers_odd_ids_and_query_strings_without_a_5xx()
    {
        var requests = Gen.Select(Gen.OneOf([.. _server.Operations]), HostileInputs.Ids, HostileInputs.Queries);
        await requests.SampleAsync(
            async (operation, id, query) => await AssertAnsweredAsync(operation.Method, Fill(operation.Template, id) + query, "{}"u8.ToArray(), "application/json"),
            iter: Iterations,
            print: r => $"{r.Item1.Method} {Fill(r.Item1.Template, r.Item2)}{r.Item3}");
    }

    [Fact]
    public async Task Every_route_answers_other_methods_and_odd_headers_without_a_5xx()
    {
        var requests = Gen.Select(Gen.OneOf([.. _server.Operations]), Gen.OneOf("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FUZZ"), HostileInputs.Headers);
        await requests.SampleAsync(
            async (operation, method, header) => await AssertAnsweredAsync(method, Fill(operation.Template, "fuzz-doc"), "{\"message\":\"cranes?\",\"query\":\"cranes\"}"u8.ToArray(), "application/json", header: header),
            iter: Iterations,
            print: r => $"{r.Item2} {r.Item1.Template} with {r.Item3.Name}: {r.Item3.Value[..Math.Min(80, r.Item3.Value.Length)]}");
    }

    [Theory]
    [InlineData("PUT", "/api/jobs/none", "application/xml", 405)]
    [InlineData("POST", "/api/chat", "text/event-stream", 400)]
    [InlineData("GET", "/api/documents/none", "text/html", 404)]
    public async Task Errors_are_problem_json_whatever_the_client_accepts(string method, string path, string accept, int expected)
    {
        var status = await AssertAnsweredAsync(method, path, "{\"message\":\"\"}"u8.ToArray(), "application/json", header: ("Accept", accept));

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Uploads_answer_every_broken_multipart_shape_with_a_4xx_problem()
    {
        foreach (var (name, body, contentType) in HostileMultipart.Cases())
        {
            var status = await AssertAnsweredAsync("POST", "/api/documents", body, contentType, name);
            Assert.True(status is >= 400 and < 500 || name.Contains("stored as", StringComparison.Ordinal), $"{name}: expected a 4xx, got {status}");
        }

        // A client path is dropped from the file name, never used as one.
        using var stored = await _server.Client.PostAsync(
            new Uri("/api/documents?wait=true", UriKind.Relative),
            Multipart(HostileMultipart.WithFileName("../../etc/passwd.md")),
            TestContext.Current.CancellationToken);
        var document = JsonDocument.Parse(await stored.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        using var source = await _server.Client.GetAsync(new Uri($"/api/documents/{document.GetProperty("documentId").GetString()}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal("passwd.md", JsonDocument.Parse(await source.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Uploads_answer_byte_mutations_of_a_valid_multipart_body_without_a_5xx()
    {
        await Gen.Select(HostileMultipart.Mutants, Gen.Bool).SampleAsync(
            async (body, wait) => await AssertAnsweredAsync("POST", wait ? "/api/documents?wait=true" : "/api/documents", body, HostileMultipart.ContentType),
            iter: Iterations / 2,
            print: r => Show(r.Item1));
    }

    [Fact]
    public async Task Huge_strings_in_every_json_field_are_refused_with_a_4xx_problem()
    {
        var huge = JsonSerializer.Serialize(new string('q', 3_000_000));
        var bodies = new (string Path, string Json)[]
        {
            ("/api/chat", $"{{\"message\":{huge}}}"),
            ("/api/chat", $"{{\"message\":\"hi\",\"sessionId\":{huge}}}"),
            ("/api/chat", $"{{\"message\":\"hi\",\"filters\":[{huge}]}}"),
            ("/api/search", $"{{\"query\":{huge}}}"),
            ("/v1/chat/completions", $"{{\"model\":\"ragbot\",\"messages\":[{{\"role\":\"user\",\"content\":{huge}}}]}}"),
            ("/api/chat", "[" + string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000)) + "]"),
        };
        foreach (var (path, json) in bodies)
        {
            var status = await AssertAnsweredAsync("POST", path, Encoding.UTF8.GetBytes(json), "application/json", $"{path} with {json.Length} characters");
            Assert.True(status is >= 400 and < 500, $"{path}: expected a 4xx, got {status}");
        }

        // The model name is informational (RagBot answers with its configured model), so a huge one is no error.
        await AssertAnsweredAsync("POST", "/v1/chat/completions", Encoding.UTF8.GetBytes($"{{\"model\":{huge},\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}]}}"), "application/json", "huge model name");
    }

    /// <summary>Sends one request and checks the answer; returns its status code.</summary>
    private async Task<int> AssertAnsweredAsync(string method, string pathAndQuery, byte[]? body, string? contentType, string? description = null, (string Name, string Value)? header = null)
    {
        var uri = new Uri(_server.Client.BaseAddress + pathAndQuery.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        if (header is { } extra)
        {
            request.Headers.TryAddWithoutValidation(extra.Name, extra.Value);
        }

        description ??= $"{method} {pathAndQuery} [{contentType}] {Show(body ?? [])}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(HangAfter);
        HttpResponseMessage response;
        string text;
        try
        {
            response = await _server.Client.SendAsync(request, timeout.Token);
            text = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"{description}: no complete answer within {HangAfter.TotalSeconds} s");
            throw;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"{description}: {status} {text}\n{Tail(_server.Output)}");
            if (status >= 400 && !RejectedByKestrel(pathAndQuery, status, text))
            {
                AssertExplained(pathAndQuery, status, response.Content.Headers.ContentType?.MediaType, text, description);
            }

            return status;
        }
    }

    /// <summary>
    /// A 4xx error names its cause: problem details everywhere, except under /v1 where OpenAI clients expect
    /// OpenAI's own error object (<c>{"error":{"message":...}}</c>).
    /// </summary>
    private static void AssertExplained(string pathAndQuery, int status, string? mediaType, string text, string description)
    {
        if (pathAndQuery.StartsWith("/v1/", StringComparison.Ordinal) && mediaType == "application/json")
        {
            using var error = JsonDocument.Parse(text);
            Assert.False(string.IsNullOrWhiteSpace(error.RootElement.GetProperty("error").GetProperty("message").GetString()), description);
            return;
        }

        Assert.True(mediaType == "application/problem+json", $"{description}: {status} without problem details: {text}");
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()), description);
    }

    /// <summary>
    /// Kestrel itself answers a request line it cannot accept (a NUL byte in the path) with a bare 400 before
    /// any application code runs, so no problem details can be added there.
    /// </summary>
    private static bool RejectedByKestrel(string pathAndQuery, int status, string text) =>
        status == 400 && text.Length == 0 && pathAndQuery.Split('?')[0].Contains("%00", StringComparison.Ordinal);

    private static string Fill(string template, string id) => RouteParameter().Replace(template, id);

    private static ByteArrayContent Multipart(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", HostileMultipart.ContentType);
        return content;
    }

    private static string Show(byte[] body) => body.Length <= 300 ? Encoding.UTF8.GetString(body) : $"{Encoding.UTF8.GetString(body[..300])}... ({body.Length} bytes)";

    private static string Tail(string output) => output.Length <= 3000 ? output : output[^3000..];

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
