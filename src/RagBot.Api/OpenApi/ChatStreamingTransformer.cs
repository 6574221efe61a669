using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RagBot.Api.OpenApi;

/// <summary>Documents the server-sent-events contract of <c>POST /api/chat</c> on that operation.</summary>
internal sealed class ChatStreamingTransformer : IOpenApiOperationTransformer
{
    public const string StreamingContract = """
        Send `Accept: text/event-stream` (or `"stream": true` in the body) to receive the answer as
        server-sent events (`Content-Type: text/event-stream`) instead of one JSON object. Events, in order:

        | event | data (JSON) | when |
        |---|---|---|
        | `citations` | the citations array (same shape as `citations` in the JSON answer) | first, once retrieval is done |
        | `delta` | `{"text": "..."}`: the next piece of the answer | zero or more times |
        | `done` | the full answer: `answer`, `citations`, `sessionId`, `mode`, `usage` | last, on success |
        | `error` | problem details (`type`, `title`, `status`, `detail`, `traceId`) | last, when the answer fails mid-stream |

        Errors detected before the stream starts (validation, throttling, provider down) are ordinary problem
        details responses with their status code. Each event is `event: <name>` + `data: <json>` + a blank line.
        """;

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var description = context.Description;
        if (!string.Equals(description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(description.RelativePath?.TrimEnd('/'), "api/chat", StringComparison.OrdinalIgnoreCase))
        {
            return Task.CompletedTask;
        }

        operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? StreamingContract : operation.Description + "\n\n" + StreamingContract;
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content.TryAdd("text/event-stream", new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Server-sent events: citations, delta..., done | error." } });
        }

        return Task.CompletedTask;
    }
}
