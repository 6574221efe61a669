using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// Answers a request line or header block that is too large with problem details (414, 431). Kestrel answers those
/// itself with an empty body before any application code runs, so its limits are set to twice RagBot's and this
/// middleware, first in the pipeline, enforces RagBot's: a request up to Kestrel's limits is explained, one beyond
/// them still gets Kestrel's bare answer (as does a NUL byte, <c>%00</c>, in the path, which Kestrel refuses with a
/// bare 400 whatever the limits).
/// </summary>
internal sealed class OversizedRequestGuard : IMiddleware
{
    /// <summary>The longest request target (path and query) RagBot accepts, in characters: Kestrel's default request line.</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>The most header bytes (names, values and separators) RagBot accepts: Kestrel's default.</summary>
    public const int MaxHeadersBytes = 32 * 1024;

    private readonly IProblemDetailsService _problems;

    public OversizedRequestGuard(IProblemDetailsService problems)
    {
        _problems = problems;
    }

    /// <summary>Kestrel's own limits, doubled, so that oversized requests reach <see cref="InvokeAsync"/>.</summary>
    public static void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Limits.MaxRequestLineSize = 2 * MaxTargetLength;
        kestrel.Limits.MaxRequestHeadersTotalSize = 2 * MaxHeadersBytes;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString).ToString();
        if (target.Length > MaxTargetLength)
        {
            await RefuseAsync(context, StatusCodes.Status414UriTooLong, "uri-too-long", "Request target too long",
                $"The path and query string have {target.Length} characters; RagBot accepts at most {MaxTargetLength}. Send long values (questions, filters) in a JSON body.").ConfigureAwait(false);
            return;
        }

        var headerBytes = HeaderBytes(context.Request.Headers);
        if (headerBytes > MaxHeadersBytes)
        {
            await RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers-too-large", "Request headers too large",
                $"The request headers take {headerBytes} bytes; RagBot accepts at most {MaxHeadersBytes}. Drop large cookies or custom headers.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    // Counted as on the wire ("Name: value\r\n"), in UTF-16 characters: close enough to bytes for a limit.
    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                total += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        return total;
    }

    private async Task RefuseAsync(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            // The connection is not worth keeping for a client that sends such requests (HTTP/2 and 3 have no such header).
            context.Response.Headers.Connection = "close";
        }

        await _problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Type = RagBotExceptionHandler.TypeBase + type, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }
}
