using System.Text;
using System.Text.Json;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>Sends one fuzzed request to a <see cref="FuzzServer"/> and checks the answer: a success or an explained 4xx, in bounded time.</summary>
internal static class FuzzRequest
{
    private static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(20);

    /// <summary>Sends one request and checks the answer; returns its status code.</summary>
    public static async Task<int> AssertAnsweredAsync(FuzzServer server, string method, string pathAndQuery, byte[]? body, string? contentType, string? description = null, (string Name, string Value)? header = null)
    {
        var uri = new Uri(server.Client.BaseAddress + pathAndQuery.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);

            // Over a JSON endpoint's body limit, Kestrel answers 413 and closes the connection before the body is read;
            // a client still sending then sees a broken pipe instead of the answer. Waiting for "100 Continue", as
            // clients sending large bodies do, lets the answer arrive first.
            request.Headers.ExpectContinue = body.Length > 1024 * 1024;
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
            response = await server.Client.SendAsync(request, timeout.Token);
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
            Assert.True(status < 500, $"{description}: {status} {text}\n{Tail(server.Output)}");
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

    public static string Show(byte[] body) => body.Length <= 300 ? Encoding.UTF8.GetString(body) : $"{Encoding.UTF8.GetString(body[..300])}... ({body.Length} bytes)";

    private static string Tail(string output) => output.Length <= 3000 ? output : output[^3000..];
}
