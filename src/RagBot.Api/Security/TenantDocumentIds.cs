using System.Security.Claims;
using RagBot.Core.Documents;
using RagBot.Core.Errors;

namespace RagBot.Api.Security;

/// <summary>
/// Document ids are namespaced per scope: a scoped key's documents always have ids that begin with its namespace
/// (<c>tenant:acme</c> gives <c>tenant.acme.</c>), which the server adds when the client's id lacks it. Two tenants
/// therefore never ask for the same id, and no answer ("that id is taken") can reveal another tenant's ids, even
/// for ids derived from the same file name. Unscoped keys address the whole id space as given.
/// </summary>
internal static class TenantDocumentIds
{
    /// <summary>The namespace prefix of a scope (<c>tenant.acme.</c>); scopes are checked at start to fit an id.</summary>
    public static string PrefixOf(string scope) => scope.Replace(':', '.') + ".";

    /// <summary>The id an upload by this caller writes: the client's id (or one derived from the file name) in the caller's namespace.</summary>
    public static string ForUpload(ClaimsPrincipal user, string? documentId, string fileName)
    {
        if (documentId is not null && !DocumentIds.IsValid(documentId))
        {
            throw new IngestionRejectedException(RejectionReason.InvalidRequest, $"The document id '{documentId}' is invalid: use {DocumentIds.Rule}.");
        }

        var id = documentId ?? DocumentIds.FromSource(fileName);
        if (CallerScope.ScopeOf(user) is not { } scope)
        {
            return id;
        }

        var prefix = PrefixOf(scope);
        var qualified = id.StartsWith(prefix, StringComparison.Ordinal) ? id : prefix + id;
        return DocumentIds.IsValid(qualified)
            ? qualified
            : throw new IngestionRejectedException(
                RejectionReason.InvalidRequest,
                $"The document id '{id}' is too long for this key: its documents' ids begin with '{prefix}', and the whole id may have at most 128 characters.");
    }

    /// <summary>
    /// The ids a read or delete by this caller may mean, in order: the id as given, then (for a scoped key) the same
    /// id in its namespace, so a tenant can use the short id it uploaded with.
    /// </summary>
    public static IEnumerable<string> Candidates(ClaimsPrincipal user, string id)
    {
        yield return id;
        if (CallerScope.ScopeOf(user) is { } scope && !id.StartsWith(PrefixOf(scope), StringComparison.Ordinal))
        {
            yield return PrefixOf(scope) + id;
        }
    }
}
