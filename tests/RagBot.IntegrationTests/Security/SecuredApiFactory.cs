using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Security;

/// <summary>The API with four keys: an unscoped admin and user, and an admin and a user for each of two tenants.</summary>
public sealed class SecuredApiFactory() : RagBotApiFactory(KeySettings())
{
    public const string Admin = "admin-key-0123456789";
    public const string User = "user-key-0123456789ab";
    public const string AcmeAdmin = "acme-admin-key-012345";
    public const string BetaAdmin = "beta-admin-key-012345";
    public const string BetaUser = "beta-user-key-0123456";

    /// <summary>The five keys as settings, for other factories (a jobs factory with a held worker) that need the same tenants.</summary>
    public static Dictionary<string, string?> KeySettings() => KeySettings(
        ("ops", Admin, "admin", null),
        ("reader", User, "user", null),
        ("acme-admin", AcmeAdmin, "admin", "tenant:acme"),
        ("beta-admin", BetaAdmin, "admin", "tenant:beta"),
        ("beta-user", BetaUser, "user", "tenant:beta"));

    /// <summary>Settings configuring <paramref name="keys"/>, with a chat rate limit no test reaches.</summary>
    public static Dictionary<string, string?> KeySettings(params (string Name, string Key, string Role, string? Scope)[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var settings = new Dictionary<string, string?> { ["RagBot:RateLimits:ChatPermits"] = "1000" };
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"RagBot:Auth:Keys:{i}:Name"] = keys[i].Name;
            settings[$"RagBot:Auth:Keys:{i}:Key"] = keys[i].Key;
            settings[$"RagBot:Auth:Keys:{i}:Role"] = keys[i].Role;
            settings[$"RagBot:Auth:Keys:{i}:Scope"] = keys[i].Scope;
        }

        return settings;
    }

    public HttpClient ClientWith(string key, bool bearer = true) => WithKey(CreateClient(), key, bearer);

    /// <summary>Makes <paramref name="client"/> send <paramref name="key"/> (as a bearer token, or in X-Api-Key).</summary>
    public static HttpClient WithKey(HttpClient client, string key, bool bearer = true)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (bearer)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }
}
