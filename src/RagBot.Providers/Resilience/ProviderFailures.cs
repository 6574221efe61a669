using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Sockets;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using RagBot.Core.Errors;

namespace RagBot.Providers.Resilience;

/// <summary>
/// Turns what the OpenAI SDK and the resilience pipeline throw after the last retry into RagBot's provider
/// errors (429 with Retry-After, or 503), with a message naming the provider and what it said.
/// </summary>
internal static class ProviderFailures
{
    /// <summary>The RagBot error for <paramref name="exception"/>, or null when it is not a provider failure (or the caller cancelled).</summary>
    public static Exception? Translate(Exception exception, string provider, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (exception is ClientResultException { Status: > 0 } result)
        {
            return FromResponse(result, provider);
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case BrokenCircuitException:
                    return new ProviderUnavailableException(
                        $"{provider} failed repeatedly, so RagBot pauses calls to it for a moment (circuit open). Try again shortly.", exception);
                case TimeoutRejectedException or TimeoutException or OperationCanceledException:
                    return new ProviderUnavailableException($"{provider} did not answer in time. Try again, or raise the Resilience timeouts.", exception);
                case HttpRequestException or SocketException or IOException:
                    return new ProviderUnavailableException($"{provider} could not be reached: {current.Message}", exception);
            }
        }

        return exception is ClientResultException
            ? new ProviderUnavailableException($"{provider} could not be reached: {exception.Message}", exception)
            : null;
    }

    private static Exception FromResponse(ClientResultException exception, string provider)
    {
        var response = exception.GetRawResponse();
        var detail = ErrorDetail(response);
        var said = detail is null ? $"HTTP {exception.Status}" : $"HTTP {exception.Status}: {detail}";
        if (exception.Status == 429)
        {
            var retryAfter = RetryAfterHeader.Read(response);
            var wait = retryAfter is { } value ? $" Retry after {Math.Ceiling(value.TotalSeconds)} s." : " Try again later.";
            return new ProviderThrottledException($"{provider} is throttling requests ({said}).{wait}", retryAfter, exception);
        }

        var hint = exception.Status switch
        {
            401 or 403 => " Check the configured ApiKey.",
            404 => " Check the configured model, deployment or base URL.",
            _ => "",
        };
        return new ProviderUnavailableException($"{provider} failed ({said}).{hint}", exception);
    }

    /// <summary>Reads an OpenAI-style error body: {"error":{"message":...,"type":...,"code":...}}.</summary>
    private static string? ErrorDetail(PipelineResponse? response)
    {
        try
        {
            var content = response?.Content;
            if (content is null || content.ToMemory().Length == 0)
            {
                return null;
            }

            using var document = JsonDocument.Parse(content.ToMemory());
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error))
            {
                return null;
            }

            if (error.ValueKind == JsonValueKind.String)
            {
                return error.GetString();
            }

            var message = Text(error, "message");
            var code = Text(error, "code") ?? Text(error, "type");
            return code is null ? message : $"{message} ({code})";
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
