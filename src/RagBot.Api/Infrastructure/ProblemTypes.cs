using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// Every problem's <c>type</c> in one scheme (<c>https://ragbot.dev/problems/...</c>): a problem that ASP.NET Core
/// wrote with its default type (a link into RFC 9110, as for request validation, unknown routes or wrong methods)
/// gets ours, named after what went wrong, so clients can switch on <c>type</c> alone.
/// </summary>
internal static class ProblemTypes
{
    private const string FrameworkDefaultPrefix = "https://tools.ietf.org/html/rfc";

    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type is not null && !problem.Type.StartsWith(FrameworkDefaultPrefix, StringComparison.Ordinal))
        {
            return;
        }

        problem.Type = RagBotExceptionHandler.TypeBase + NameOf(problem, problem.Status ?? context.HttpContext.Response.StatusCode);
    }

    private static string NameOf(ProblemDetails problem, int status) => problem is HttpValidationProblemDetails
        ? "validation-failed"
        : ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase
            ? phrase.ToLowerInvariant().Replace(' ', '-').Replace("'", "", StringComparison.Ordinal)
            : "http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
