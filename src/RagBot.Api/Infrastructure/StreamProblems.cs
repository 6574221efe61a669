using Microsoft.AspNetCore.Mvc;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// Problem details for a failure after a stream has started (the status line is already sent, so the
/// problem travels as the stream's last event), described the same way the exception handler does.
/// </summary>
internal static partial class StreamProblems
{
    public static ProblemDetails From(Exception exception, HttpContext httpContext, ILogger logger)
    {
        var (status, type, title, detail) = RagBotExceptionHandler.Describe(exception);
        if (type == "internal")
        {
            LogStreamFailure(logger, exception);
        }

        var problem = new ProblemDetails { Status = status, Type = RagBotExceptionHandler.TypeBase + type, Title = title, Detail = detail };
        problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? httpContext.TraceIdentifier;
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A streamed answer failed")]
    private static partial void LogStreamFailure(ILogger logger, Exception exception);
}
