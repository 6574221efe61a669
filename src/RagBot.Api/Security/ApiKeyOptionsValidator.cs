using Microsoft.Extensions.Options;

namespace RagBot.Api.Security;

/// <summary>
/// Rules on <see cref="ApiKeyOptions.Keys"/> that data annotations cannot state (they are not checked inside a
/// list's items, nor across items): every entry complete, keys and names unique, names and scopes well formed.
/// </summary>
internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = options.Keys;
        var errors = new List<string>();
        if (!keys.All(k => k.Name.Length > 0 && k.Key.Length >= 16 && k.Role is RagBotRoles.Admin or RagBotRoles.User))
        {
            errors.Add("Every RagBot:Auth:Keys entry needs a Name, a Key of at least 16 characters and a Role of 'admin' or 'user'.");
        }

        if (keys.Select(k => k.Key).Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            errors.Add("RagBot:Auth:Keys holds the same Key twice.");
        }

        if (!keys.All(k => ApiKeyOptions.IsValidName(k.Name)))
        {
            errors.Add(ApiKeyOptions.NameRule);
        }

        if (keys.Select(k => k.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != keys.Count)
        {
            errors.Add("RagBot:Auth:Keys holds the same Name twice (names compared ignoring case); each key needs its own Name: it owns the key's chat sessions and rate-limit budget.");
        }

        if (!keys.All(k => string.IsNullOrWhiteSpace(k.Scope) || ApiKeyOptions.IsValidScope(k.Scope)))
        {
            errors.Add(ApiKeyOptions.ScopeRule);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
