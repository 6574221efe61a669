using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Diagnostics;
using RagBot.Core.Errors;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// The one place where exceptions become RFC 9457 problem details. Known failures get their status, a
/// stable type URI and an actionable message; anything else is a 500 that names only the trace id.
/// </summary>
internal sealed partial class RagBotExceptionHandler : IExceptionHandler
{
    internal const string TypeBase = "https://ragbot.dev/problems/";
    private readonly IProblemDetailsService _problems;
    private readonly ILogger<RagBotExceptionHandler> _logger;

    public RagBotExceptionHandler(IProblemDetailsService problems, ILogger<RagBotExceptionHandler> logger)
    {
        _problems = problems;
        _logger = logger;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, type, title, detail) = Describe(exception);
        if (status >= 500 && type == "internal")
        {
            LogUnexpected(exception);
        }

        if (exception is ProviderThrottledException or ProviderUnavailableException)
        {
            RagBotTelemetry.ProviderErrors.Add(1, new KeyValuePair<string, object?>("kind", exception is ProviderThrottledException ? "throttled" : "unavailable"));
        }

        if (exception is ProviderThrottledException { RetryAfter: { } retryAfter })
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Type = TypeBase + type, Title = title, Detail = detail };
        if (httpContext.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            // OpenAI SDKs read "error"; problem-details clients read the rest of the same body.
            problem.Extensions["error"] = new Dictionary<string, object?>
            {
                ["message"] = detail,
                ["type"] = status switch { 429 => "rate_limit_error", >= 500 => "server_error", _ => "invalid_request_error" },
                ["param"] = null,
                ["code"] = type,
            };
        }

        return await _problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        }).ConfigureAwait(false);
    }

    internal static (int Status, string Type, string Title, string Detail) Describe(Exception exception) => exception switch
    {
        IngestionRejectedException { Reason: RejectionReason.Empty } e => (400, "empty-document", "The document is empty", e.Message),
        IngestionRejectedException { Reason: RejectionReason.InvalidRequest } e => (400, "invalid-upload", "The upload request is invalid", e.Message),
        IngestionRejectedException { Reason: RejectionReason.UnsupportedType } e => (415, "unsupported-document-type", "The document type is not supported", e.Message),
        IngestionRejectedException { Reason: RejectionReason.TooLarge } e => (413, "document-too-large", "The document is too large", e.Message),
        IngestionRejectedException e => (422, "unreadable-document", "The document cannot be read", e.Message),
        DocumentNotFoundException e => (404, "document-not-found", "Document not found", e.Message),
        ProviderThrottledException e => (429, "provider-throttled", "The model provider is throttling requests", e.Message),
        ProviderUnavailableException e => (503, "provider-unavailable", "The model provider is unavailable", e.Message),
        IndexMismatchException e => (503, "index-embedder-mismatch", "The index was built with another embedder", e.Message),
        VectorStoreException => (503, "vector-store-unavailable", "The vector store is unavailable", "The vector store failed to answer; check /health/ready and the store's logs."),
        BadHttpRequestException e => (e.StatusCode, "bad-request", "The request is malformed", e.Message),
        _ => (500, "internal", "An unexpected error occurred", "An unexpected error occurred. Report the traceId of this response to the operator."),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private partial void LogUnexpected(Exception exception);
}
