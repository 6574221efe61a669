namespace RagBot.Api.Security;

/// <summary>Roles, claim types and authorization policies of RagBot's API keys.</summary>
public static class RagBotRoles
{
    public const string Admin = "admin";
    public const string User = "user";

    /// <summary>Policy: any valid key (user or admin).</summary>
    public const string UserPolicy = "ragbot-user";

    /// <summary>Policy: an admin key.</summary>
    public const string AdminPolicy = "ragbot-admin";

    /// <summary>Claim holding the key's tag scope, when it has one.</summary>
    public const string ScopeClaim = "ragbot:scope";

    /// <summary>
    /// On a scoped key: one claim per tag key that some configured key's scope uses (<c>tenant</c>, <c>team</c>), lower
    /// case. Such tags place a document in that scope, so a scoped key may not set them (see <see cref="CallerScope.FirstForgedTag"/>).
    /// </summary>
    public const string ReservedTagKeyClaim = "ragbot:reserved-tag-key";

    public const string Scheme = "ApiKey";
}
