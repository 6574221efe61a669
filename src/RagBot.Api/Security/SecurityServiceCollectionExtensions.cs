using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RagBot.Api.Security;

internal static class SecurityServiceCollectionExtensions
{
    public const string ChatRateLimit = "chat";
    public const string UploadRateLimit = "upload";

    /// <summary>API keys with roles and scopes, the loopback rule, and per-key rate limits.</summary>
    public static IHostApplicationBuilder AddRagBotSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>());
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        LoopbackGuard.Check(builder.Configuration, builder.Configuration.GetSection(ApiKeyOptions.SectionName).Get<ApiKeyOptions>() ?? new ApiKeyOptions());

        services.AddAuthentication(RagBotRoles.Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(RagBotRoles.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(RagBotRoles.UserPolicy, p => p.RequireAuthenticatedUser().RequireRole(RagBotRoles.User, RagBotRoles.Admin))
            .AddPolicy(RagBotRoles.AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(RagBotRoles.Admin));
        services.AddSingleton<FailedAuthenticationThrottle>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.AddPolicy(ChatRateLimit, context => PerCaller(context, o => o.ChatPermits));
            options.AddPolicy(UploadRateLimit, context => PerCaller(context, o => o.UploadPermits));
        });
        return builder;
    }

    private static RateLimitPartition<string> PerCaller(HttpContext context, Func<RateLimitOptions, int> permits)
    {
        if (context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiKeyOptions>>().Value.Keys.Count == 0)
        {
            // Without keys RagBot serves only the local operator on loopback: there is nobody to ration.
            return RateLimitPartition.GetNoLimiter("local-operator");
        }

        var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;
        var caller = CallerIdentity.Of(context);
        return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(options),
            Window = TimeSpan.FromSeconds(options.WindowSeconds),
            QueueLimit = 0,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        await WriteTooManyRequestsAsync(context.HttpContext, retryAfter, "rate-limited", "Too many requests", seconds =>
            $"This API key has used its requests for the current window; retry after {seconds} seconds (settings under {RateLimitOptions.SectionName}).");
    }

    /// <summary>Answers 429 with Retry-After (whole seconds, at least 1) and problem details whose detail names the wait.</summary>
    internal static async Task WriteTooManyRequestsAsync(HttpContext http, TimeSpan retryAfter, string type, string title, Func<string, string> detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = "https://ragbot.dev/problems/" + type,
                Title = title,
                Detail = detail(seconds),
            },
        });
    }
}
