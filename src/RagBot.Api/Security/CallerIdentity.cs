using System.Security.Claims;

namespace RagBot.Api.Security;

/// <summary>
/// Who a request counts against for the per-caller limits (rate limits, the upload budget's share): its API key by
/// name, or its client address when it carries none.
/// </summary>
internal static class CallerIdentity
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity?.IsAuthenticated == true
            ? "key:" + context.User.FindFirstValue(ClaimTypes.Name)
            : "ip:" + context.Connection.RemoteIpAddress;
    }
}
