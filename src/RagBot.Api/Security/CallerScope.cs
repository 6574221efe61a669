using System.Security.Claims;

namespace RagBot.Api.Security;

/// <summary>The caller's identity as endpoints need it: a name (session owner) and an optional tenant tag scope.</summary>
internal static class CallerScope
{
    /// <summary>The key's tag scope (such as <c>tenant:acme</c>), or null for an unscoped key.</summary>
    public static string? ScopeOf(ClaimsPrincipal user) => user.FindFirstValue(RagBotRoles.ScopeClaim);

    public static string OwnerOf(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "anonymous";

    /// <summary>Whether a document with these tags is within the caller's scope (always, for an unscoped key).</summary>
    public static bool CanSee(ClaimsPrincipal user, IReadOnlyList<string> tags) =>
        ScopeOf(user) is not { } scope || tags.Contains(scope, StringComparer.Ordinal);

    /// <summary>The client's tag filters plus the caller's scope: a filter can only narrow, never widen, what a key sees.</summary>
    public static IReadOnlyList<string> Restrict(ClaimsPrincipal user, IReadOnlyList<string>? filters)
    {
        var scope = ScopeOf(user);
        var all = filters?.ToList() ?? [];
        if (scope is not null && !all.Contains(scope, StringComparer.Ordinal))
        {
            all.Add(scope);
        }

        return all;
    }
}
