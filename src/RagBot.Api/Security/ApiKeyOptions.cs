using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace RagBot.Api.Security;

/// <summary>One API key: who it is, what it may do, and which tenant's documents it sees.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>A name for logs and session ownership (never the key itself).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string Name { get; set; } = "";

    /// <summary>The secret sent as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c> (at least 16 characters).</summary>
    [Required]
    [MinLength(16)]
    public string Key { get; set; } = "";

    /// <summary><c>admin</c> (upload, delete, reindex, admin endpoints, and everything a user may do) or <c>user</c> (chat, search, reading documents).</summary>
    [Required]
    [RegularExpression("^(admin|user)$")]
    public string Role { get; set; } = RagBotRoles.User;

    /// <summary>Optional tag scope such as <c>tenant:acme</c>: the key only sees and creates documents with this tag.</summary>
    public string? Scope { get; set; }
}

/// <summary>API keys (section <c>RagBot:Auth</c>). With none, RagBot serves loopback only, without authentication.</summary>
public sealed partial class ApiKeyOptions
{
    public const string SectionName = "RagBot:Auth";

    /// <summary>What a scope may look like: it is a tag, and it also names the scope's document-id namespace (<c>tenant.acme.</c>).</summary>
    public const string ScopeRule = "A RagBot:Auth:Keys Scope must be a key:value tag such as tenant:acme, each part 1 to 40 letters, digits, '_' or '-' starting with a letter or digit.";

    public static bool IsValidScope(string scope) => ScopePattern().IsMatch(scope);

    /// <summary>What a key's Name may look like: it names the key's chat-session namespace and rate-limit bucket, so it needs no escaping.</summary>
    public const string NameRule = "A RagBot:Auth:Keys Name must be 1 to 64 letters, digits, '_', '.' or '-' (it owns the key's chat sessions and rate-limit budget).";

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}:[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")]
    private static partial Regex ScopePattern();

    public List<ApiKeyEntry> Keys { get; set; } = [];
}
