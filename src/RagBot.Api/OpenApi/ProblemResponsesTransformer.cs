using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RagBot.Api.OpenApi;

/// <summary>
/// Every operation can fail with a 500 problem details (the exception handler's last resort); declaring it
/// once here keeps endpoint files free of boilerplate. Error responses declared without a body get the
/// problem details body they really have.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        operation.Responses ??= [];
        var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        operation.Responses.TryAdd("500", new OpenApiResponse
        {
            Description = "An unexpected error: problem details naming only the traceId.",
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } },
        });
        foreach (var (status, response) in operation.Responses)
        {
            if (status.Length == 3 && status[0] is '4' or '5' && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
            {
                bare.Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } };
            }
        }
    }
}
