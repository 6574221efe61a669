using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace RagBot.VectorData.Tests.Qdrant.Fake;

/// <summary>
/// A spec-checking stand-in for Qdrant on 127.0.0.1: every request is matched to an operation of Qdrant's OpenAPI
/// document and validated (path, method, query parameters, JSON body); a violation is recorded and answered with 400,
/// so the connector call fails and the test with it. Valid requests run against <see cref="FakeQdrantEngine"/>, and
/// the fake validates its own answers against the documented response schemas too.
/// </summary>
internal sealed class FakeQdrantServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly FakeQdrantEngine _engine = new();
    private readonly Lock _engineLock = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _scriptedFailures = new();
    private readonly Task _loop;

    private FakeQdrantServer(string? requiredApiKey)
    {
        RequiredApiKey = requiredApiKey;
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Url { get; }

    public string? RequiredApiKey { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Spec violations seen so far (requests that do not validate, or fake answers that do not).</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    public static FakeQdrantServer Start(string? requiredApiKey = null) => new(requiredApiKey);

    /// <summary>The next <paramref name="times"/> valid requests are answered with <paramref name="status"/> (e.g. 429, 503).</summary>
    public void FailNext(int status, int times = 1, string? retryAfter = null)
    {
        for (var i = 0; i < times; i++)
        {
            _scriptedFailures.Enqueue((status, retryAfter));
        }
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string pathSuffix) =>
        [.. Requests.Where(request => request.Method == method && request.Path.EndsWith(pathSuffix, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
            // stopping the listener ends the accept loop
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleSafelyAsync(context));
        }
    }

    private async Task HandleSafelyAsync(HttpListenerContext context)
    {
        try
        {
            await HandleAsync(context);
        }
        catch (Exception exception)
        {
            // A crash of the fake must fail the test, not hang the client.
            Violations.Enqueue($"the fake crashed on {context.Request.HttpMethod} {context.Request.Url}: {exception}");
            var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["status"] = new JsonObject { ["error"] = "fake crashed: " + exception }, ["time"] = 0 }.ToJsonString());
            context.Response.StatusCode = 500;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var stopwatch = Stopwatch.StartNew();
        var request = context.Request;
        var bodyBytes = new MemoryStream();
        try
        {
            await request.InputStream.CopyToAsync(bodyBytes);
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException)
        {
            // The client went away mid-request (a test SIGKILLs a replica): nothing arrived to check or answer.
            context.Response.Abort();
            return;
        }

        if (request.ContentLength64 > 0 && bodyBytes.Length < request.ContentLength64)
        {
            // A body cut short by a client that died is a lost connection, not a request that breaks Qdrant's spec.
            context.Response.Abort();
            return;
        }

        var body = Encoding.UTF8.GetString(bodyBytes.GetBuffer(), 0, (int)bodyBytes.Length);

        var path = request.Url!.AbsolutePath;
        var query = request.QueryString.AllKeys.Where(key => key is not null).ToDictionary(key => key!, key => request.QueryString[key]!);
        Requests.Enqueue(new RecordedRequest(request.HttpMethod, path, query, body, request.Headers["api-key"]));

        var spec = QdrantOpenApiSpec.Instance;
        var match = spec.FindOperation(request.HttpMethod, path);
        int status;
        JsonObject response;
        if (match is not { } found)
        {
            (status, response) = Violation($"{request.HttpMethod} {path} is not an operation of Qdrant's API", 404);
        }
        else if (spec.ValidateRequest(found.Operation, query, body) is { Count: > 0 } errors)
        {
            (status, response) = Violation($"{request.HttpMethod} {path}: {string.Join(" | ", errors)}", 400);
        }
        else if (RequiredApiKey is not null && request.Headers["api-key"] != RequiredApiKey)
        {
            (status, response) = (401, Error("Must provide an API key or an Authorization bearer token", stopwatch));
        }
        else if (_scriptedFailures.TryDequeue(out var failure))
        {
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers["Retry-After"] = failure.RetryAfter;
            }

            (status, response) = (failure.Status, Error($"scripted failure {failure.Status}", stopwatch));
        }
        else
        {
            (status, response) = Execute(request.HttpMethod, found.Template, found.PathParameters, body, stopwatch);
            foreach (var error in spec.ValidateResponse(found.Operation, status, response))
            {
                Violations.Enqueue($"fake answered {request.HttpMethod} {path} off-spec: {error}");
            }
        }

        var bytes = Encoding.UTF8.GetBytes(response.ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();

        (int, JsonObject) Violation(string message, int code)
        {
            Violations.Enqueue(message);
            return (code, Error("spec violation: " + message, stopwatch));
        }
    }

    private (int Status, JsonObject Body) Execute(
        string method, string template, Dictionary<string, string> parameters, string body, Stopwatch stopwatch)
    {
        try
        {
            JsonNode? result;
            lock (_engineLock)
            {
                result = _engine.Handle(method, template, parameters, body.Length > 0 ? JsonNode.Parse(body)!.AsObject() : null);
            }

            return (200, new JsonObject { ["result"] = result, ["status"] = "ok", ["time"] = stopwatch.Elapsed.TotalSeconds });
        }
        catch (FakeQdrantError error)
        {
            return (error.Status, Error(error.Message, stopwatch));
        }
    }

    private static JsonObject Error(string message, Stopwatch stopwatch) => new()
    {
        ["status"] = new JsonObject { ["error"] = message },
        ["time"] = stopwatch.Elapsed.TotalSeconds,
    };

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
