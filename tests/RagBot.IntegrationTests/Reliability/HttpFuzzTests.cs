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

    [Theory]
    [InlineData(9_000, 0, 414, "https://ragbot.dev/problems/uri-too-long")]
    [InlineData(0, 40_000, 431, "https://ragbot.dev/problems/headers-too-large")]
    public async Task An_oversized_request_line_or_header_block_is_explained_with_problem_details(int pathChars, int headerChars, int status, string type)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/documents/" + new string('a', Math.Max(1, pathChars)), UriKind.Relative));
        if (headerChars > 0)
        {
            request.Headers.TryAddWithoutValidation("X-Padding", new string('b', headerChars));
        }

        using var response = await _server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(type, problem.RootElement.GetProperty("type").GetString());
        Assert.Contains("at most", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_operation_answers_json_of_the_wrong_shape_broken_json_and_invalid_utf8_without_a_5xx()
    {
        var requests = Gen.Select(Gen.OneOf([.. _server.Operations]), HostileInputs.Bodies);
        await requests.SampleAsync(
            async (operation, body) => await AssertAnsweredAsync(operation.Method, Fill(operation.Template, "fuzz-doc"), body.Body, body.ContentType),
            iter: Iterations,
            print: r => $"{r.Item1.Method} {r.Item1.Template} [{r.Item2.ContentType}] {FuzzRequest.Show(r.Item2.Body)}");
    }

    [Fact]
    public async Task Text_that_is_not_utf8_inside_any_nested_json_string_is_a_400()
    {
        await HostileInputs.NestedInvalidUtf8.SampleAsync(
            async request => Assert.Equal(400, await AssertAnsweredAsync("POST", request.Path, request.Body, "application/json")),
            iter: Iterations / 2,
            print: r => $"POST {r.Path} {FuzzRequest.Show(r.Body)}");
    }

    [Fact]
    public async Task Chat_search_and_completions_answer_plausible_requests_with_odd_values_without_a_5xx()
    {
        var requests = Gen.OneOf(
            HostileInputs.PlausibleChat.Select(json => ("/api/chat", json)),
            HostileInputs.PlausibleSearch.Select(json => ("/api/search", json)),
            HostileInputs.PlausibleCompletion.Select(json => ("/v1/chat/completions", json)));
        await requests.SampleAsync(
            async request => await AssertAnsweredAsync("POST", request.Item1, Encoding.UTF8.GetBytes(request.Item2), "application/json"),
            iter: Iterations,
            print: r => $"POST {r.Item1} {r.Item2[..Math.Min(400, r.Item2.Length)]}");
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
            print: r => FuzzRequest.Show(r.Item1));
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

    [Fact]
    public async Task Pathological_text_uploads_are_indexed_or_refused_in_bounded_time()
    {
        // Shapes that made the tokenizer quadratic (issue 14, item 6): each must finish within the upload's wait
        // (201/200, or a 4xx for content a parser refuses), never 202 (still running) and never a 5xx.
        var texts = Gen.OneOf(
            Gen.Int[20_000, 200_000].Select(n => new string('q', n)),
            Gen.Int[20_000, 200_000].Select(n => new string('[', n)),
            Gen.Char["!?.,;:-=*#[](){}<>/\\|"].Array[20_000, 100_000].Select(chars => new string(chars)),
            Gen.Char["abcXYZ019.,;:!?[](){}-_'\"/"].Array[20_000, 100_000].Select(chars => new string(chars)),
            Gen.Int[20_000, 200_000].Select(n => "start" + new string(' ', n) + "end"),
            Gen.Int[2_000, 20_000].Select(n => "id,text\n1,\"" + string.Concat(Enumerable.Repeat("abcdefghij", n)) + "\"\n"));
        await Gen.Select(texts, Gen.OneOf("p.txt", "p.md", "p.csv", "p.html")).SampleAsync(
            async (text, fileName) =>
            {
                var status = 429;
                for (var attempt = 0; status == 429 && attempt < 20; attempt++)
                {
                    // The other upload fuzzing may have used this minute's upload permits: wait for the next window.
                    await Task.Delay(TimeSpan.FromSeconds(attempt == 0 ? 0 : 5), TestContext.Current.CancellationToken);
                    status = await AssertAnsweredAsync("POST", "/api/documents?wait=true", HostileMultipart.WithFile(fileName, text), HostileMultipart.ContentType, $"{fileName} of {text.Length} characters");
                }

                Assert.True(status is 200 or 201 or 415 or 422, $"{fileName} of {text.Length} characters: {status}");
            },
            iter: 12,
            threads: 1,
            print: r => $"{r.Item2}: {r.Item1.Length} characters starting {r.Item1[..Math.Min(40, r.Item1.Length)]}");
    }

    private Task<int> AssertAnsweredAsync(string method, string pathAndQuery, byte[]? body, string? contentType, string? description = null, (string Name, string Value)? header = null) =>
        FuzzRequest.AssertAnsweredAsync(_server, method, pathAndQuery, body, contentType, description, header);

    internal static string Fill(string template, string id) => RouteParameter().Replace(template, id);

    private static ByteArrayContent Multipart(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", HostileMultipart.ContentType);
        return content;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
