using System.Diagnostics;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// The request log, one line per request at Information, written without the query string: a client that puts a
/// secret there (<c>?api_key=…</c>, refused anyway) must not find it in the logs. It replaces ASP.NET Core's own
/// request lines (category <c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, raised to Warning), which print the
/// full URL.
/// </summary>
internal sealed partial class RequestLogging : IMiddleware
{
    public const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private readonly ILogger<RequestLogging> _logger;

    public RequestLogging(ILogger<RequestLogging> logger) => _logger = logger;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var query = context.Request.QueryString.HasValue ? "?(redacted)" : "";
            LogRequest(context.Request.Method, context.Request.Path.Value ?? "/", query, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path}{Query} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    private partial void LogRequest(string method, string path, string query, int statusCode, double elapsedMilliseconds);
}
