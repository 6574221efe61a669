using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RagBot.Api.Security;

/// <summary>
/// Limits wrong API keys per client address (RagBot:RateLimits:FailedAuthPermits per window): past the limit, a
/// request with a wrong key is answered 429 with Retry-After instead of 401, so keys cannot be guessed at speed.
/// Requests with a valid key, or with no key at all, are never counted.
/// </summary>
internal sealed class FailedAuthenticationThrottle : IMiddleware, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly RateLimitOptions _options;

    public FailedAuthenticationThrottle(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = _options.FailedAuthPermits,
            Window = TimeSpan.FromSeconds(_options.WindowSeconds),
            QueueLimit = 0,
        }));
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        // The handler caches its result per request, so this reads what the authentication middleware already decided
        // (its feature holds successes only). A failure means a key was presented and matched none.
        if ((await context.AuthenticateAsync().ConfigureAwait(false)).Failure is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using var lease = _limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (lease.IsAcquired)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(_options.WindowSeconds);
        await SecurityServiceCollectionExtensions.WriteTooManyRequestsAsync(context, retryAfter, "too-many-failed-authentications", "Too many wrong API keys", seconds =>
            $"This address sent more than {_options.FailedAuthPermits} wrong API keys in {_options.WindowSeconds} s; retry after {seconds} seconds with a valid key.").ConfigureAwait(false);
    }

    public void Dispose() => _limiter.Dispose();
}
