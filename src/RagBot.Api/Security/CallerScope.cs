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

    /// <summary>
    /// The first tag a scoped key may not set: one whose key is the tag key of any configured key's scope (<c>tenant</c>,
    /// <c>team</c>, ...), other than exactly the caller's own scope (which is added anyway). Such a tag would put the
    /// document in another scope, also one keyed differently from the caller's (a <c>team:support</c> key tagging
    /// <c>tenant:acme</c>). Keys are compared ignoring case, so a variant spelling cannot slip through either. Null for an
    /// unscoped key, or when every tag is allowed.
    /// </summary>
    public static string? FirstForgedTag(ClaimsPrincipal user, IEnumerable<string> tags)
    {
        if (ScopeOf(user) is not { } scope)
        {
            return null;
        }

        var reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { TagKey(scope) };
        reserved.UnionWith(user.FindAll(RagBotRoles.ReservedTagKeyClaim).Select(c => c.Value));
        return tags.FirstOrDefault(t => t is not null && !string.Equals(t, scope, StringComparison.Ordinal)
            && t.Contains(':', StringComparison.Ordinal) && reserved.Contains(TagKey(t).Trim()));
    }

    private static string TagKey(string tag) => tag[..tag.IndexOf(':', StringComparison.Ordinal)];

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
