using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace RagBot.VectorData.Qdrant.Internals.Http;

/// <summary>
/// Sends one REST call to Qdrant and unwraps <c>{"result": ..., "status": "ok"}</c>. Every failure becomes a
/// <see cref="QdrantVectorStoreException"/> carrying Qdrant's status and message. Retries live in the HttpClient's
/// resilience handler, not here.
/// </summary>
internal sealed class QdrantRestClient
{
    public const string SystemName = "qdrant";

    private readonly HttpClient _httpClient;
    private readonly string? _apiKey;

    public QdrantRestClient(HttpClient httpClient, Uri? baseAddress, string? apiKey, ILogger logger)
    {
        _httpClient = httpClient;
        Logger = logger;
        if (_httpClient.BaseAddress is null)
        {
            _httpClient.BaseAddress = WithTrailingSlash(baseAddress
                ?? throw new ArgumentException("Qdrant needs a URL: set QdrantOptions.Url or HttpClient.BaseAddress.", nameof(baseAddress)));
        }

        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
    }

    public Uri? BaseAddress => _httpClient.BaseAddress;

    public ILogger Logger { get; }

    /// <summary>Calls Qdrant and returns the deserialized <c>result</c>.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, QdrantCall call, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, body, call, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await CreateErrorAsync(response, call, cancellationToken).ConfigureAwait(false);
        }

        return await ReadResultAsync<T>(response, call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="SendAsync{T}"/> but answers <c>default</c> for 404 (missing collection or alias).</summary>
    public async Task<T?> SendOrDefaultOn404Async<T>(HttpMethod method, string path, object? body, QdrantCall call, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, body, call, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return default;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await CreateErrorAsync(response, call, cancellationToken).ConfigureAwait(false);
        }

        return await ReadResultAsync<T>(response, call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps a path prefix (Qdrant behind a reverse proxy at /qdrant) when relative paths are resolved.</summary>
    public static Uri WithTrailingSlash(Uri url) =>
        url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri.TrimEnd('/') + "/");

    public static string CollectionPath(string collection, string suffix = "") =>
        $"collections/{Uri.EscapeDataString(collection)}{suffix}";

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string path, object? body, QdrantCall call, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: QdrantJson.Wire);
        }

        if (_apiKey is not null)
        {
            request.Headers.Add("api-key", _apiKey);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            Log.RequestCompleted(Logger, method.Method, path, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.RequestUnanswered(Logger, call.Operation, call.Collection, exception.Message);
            throw new QdrantVectorStoreException($"Qdrant at {_httpClient.BaseAddress} did not answer {call.Operation}: {exception.Message}", exception)
            {
                VectorStoreSystemName = SystemName,
                CollectionName = call.Collection,
                OperationName = call.Operation,
            };
        }
    }

    private static async Task<T> ReadResultAsync<T>(HttpResponseMessage response, QdrantCall call, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var streamDisposal = stream.ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!document.RootElement.TryGetProperty("result", out var result))
            {
                throw new JsonException("The response has no 'result'.");
            }

            return result.Deserialize<T>(QdrantJson.Wire)
                ?? throw new JsonException("The response's 'result' is null.");
        }
        catch (JsonException exception)
        {
            throw new QdrantVectorStoreException($"Qdrant answered {call.Operation} with an unexpected body: {exception.Message}", exception)
            {
                VectorStoreSystemName = SystemName,
                CollectionName = call.Collection,
                OperationName = call.Operation,
                StatusCode = response.StatusCode,
            };
        }
    }

    private async Task<QdrantVectorStoreException> CreateErrorAsync(HttpResponseMessage response, QdrantCall call, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var error = TryReadError(body) ?? (body.Length > 500 ? body[..500] : body);
        var status = (int)response.StatusCode;
        Log.RequestFailed(Logger, call.Operation, call.Collection, status, error);
        return new QdrantVectorStoreException($"Qdrant {call.Operation} failed with HTTP {status} ({response.ReasonPhrase}): {error}")
        {
            VectorStoreSystemName = SystemName,
            CollectionName = call.Collection,
            OperationName = call.Operation,
            StatusCode = response.StatusCode,
            QdrantError = error,
            RetryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null),
        };
    }

    private static string? TryReadError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.Object
                && status.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String
                    ? error.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
