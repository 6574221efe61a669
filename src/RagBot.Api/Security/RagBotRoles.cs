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

    public const string Scheme = "ApiKey";
}
