using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// Writes problem details when the default writer declines because the request's Accept header names no JSON
/// type (<c>text/event-stream</c>, <c>application/xml</c>): an error is always explained as problem+json, never
/// as the plain-text "Status Code: 405" page or an empty body. Registered after the default writer, so it only
/// answers what that one refuses.
/// </summary>
internal sealed class ProblemJsonFallbackWriter : IProblemDetailsWriter
{
    private readonly IOptions<ProblemDetailsOptions> _problemOptions;
    private readonly IOptions<JsonOptions> _jsonOptions;

    public ProblemJsonFallbackWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions)
    {
        _problemOptions = problemOptions;
        _jsonOptions = jsonOptions;
    }

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        var response = context.HttpContext.Response;
        problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        _problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(response.WriteAsJsonAsync(problem, problem.GetType(), _jsonOptions.Value.SerializerOptions, "application/problem+json", context.HttpContext.RequestAborted));
    }
}
