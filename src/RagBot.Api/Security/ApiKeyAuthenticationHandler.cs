using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RagBot.Api.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> against the configured keys.
/// Keys are compared as SHA-256 digests with a fixed-time comparison, so neither timing nor length leaks which
/// key almost matched; keys are never logged. With no keys configured every request is the local operator
/// (admin, no scope) — RagBot then refuses to listen beyond loopback (<see cref="LoopbackGuard"/>).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private readonly IOptionsMonitor<ApiKeyOptions> _keys;

    public ApiKeyAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        IOptionsMonitor<ApiKeyOptions> keys)
        : base(options, logger, encoder)
    {
        _keys = keys;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var keys = _keys.CurrentValue.Keys;
        if (keys.Count == 0)
        {
            return Task.FromResult(Success("local-operator", RagBotRoles.Admin, scope: null, keys));
        }

        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        ApiKeyEntry? match = null;
        foreach (var key in keys)
        {
            // Every key is compared, matched or not, so the time taken does not depend on which key matched.
            if (CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(Encoding.UTF8.GetBytes(key.Key))))
            {
                match = key;
            }
        }

        return Task.FromResult(match is null
            ? AuthenticateResult.Fail("The API key is not valid.")
            : Success(match.Name, match.Role, match.Scope, keys));
    }

    /// <summary>The tag keys (lower case) of every configured scope: <c>tenant:acme</c> and <c>team:support</c> give <c>tenant</c> and <c>team</c>.</summary>
    private static IEnumerable<string> ScopeTagKeys(IEnumerable<ApiKeyEntry> keys) => keys
        .Select(k => k.Scope)
        .Where(s => !string.IsNullOrWhiteSpace(s) && s.Contains(':', StringComparison.Ordinal))
        .Select(s => s![..s!.IndexOf(':', StringComparison.Ordinal)].Trim().ToLowerInvariant())
        .Distinct(StringComparer.Ordinal);

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "authentication-required", "Authentication required",
            "Send a valid API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
            "This API key's role may not do this; uploads, deletes and admin endpoints need an admin key.");

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }

    private AuthenticateResult Success(string name, string role, string? scope, IReadOnlyList<ApiKeyEntry> keys)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.Role, role) };
        if (!string.IsNullOrWhiteSpace(scope))
        {
            claims.Add(new Claim(RagBotRoles.ScopeClaim, scope));
            // A scoped key may not set a tag of any scope's key (not only its own), so it cannot plant documents in a
            // scope keyed differently (a team:support key tagging tenant:acme).
            claims.AddRange(ScopeTagKeys(keys).Select(key => new Claim(RagBotRoles.ReservedTagKeyClaim, key)));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private async Task WriteProblemAsync(int status, string type, string title, string detail)
    {
        Response.StatusCode = status;
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Type = "https://ragbot.dev/problems/" + type, Title = title, Detail = detail },
        });
    }
}
