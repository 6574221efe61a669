using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RagBot.Api.OpenApi;

/// <summary>The document's title and the conventions every operation shares (errors, tracing, streaming).</summary>
internal sealed class RagBotDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string Description = """
        RagBot answers questions from your documents with citations. Upload documents under /api/documents,
        ask under /api/chat, inspect retrieval under /api/search, and watch /health/ready.

        **Errors** are RFC 9457 problem details (`application/problem+json`) with a stable `type` URI under
        https://ragbot.dev/problems/, an actionable `detail`, and a `traceId` to quote to the operator (the same
        id is the trace id in OpenTelemetry and in the logs). A throttled model provider gives 429 with
        Retry-After; an unavailable model provider or vector store gives 503.

        **Streaming**: POST /api/chat answers with server-sent events when asked to (see that operation).
        """;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo { Title = "RagBot API", Version = "v1", Description = Description };
        return Task.CompletedTask;
    }
}
