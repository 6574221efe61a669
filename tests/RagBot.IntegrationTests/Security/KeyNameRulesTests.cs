using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Security;

/// <summary>
/// A key's Name owns its chat sessions (stored under "name/id") and its rate-limit budget, so names are checked at
/// start: two keys sharing a name (even of two tenants) would share sessions, and a name with '/' or '%' could
/// forge another key's namespace.
/// </summary>
public sealed class KeyNameRulesTests
{
    private sealed class KeysFactory(params (string Name, string Scope)[] keys) : RagBotApiFactory(Settings(keys))
    {
        private static Dictionary<string, string?> Settings((string Name, string Scope)[] keys)
        {
            var settings = new Dictionary<string, string?>();
            for (var i = 0; i < keys.Length; i++)
            {
                settings[$"RagBot:Auth:Keys:{i}:Name"] = keys[i].Name;
                settings[$"RagBot:Auth:Keys:{i}:Key"] = $"key-{i}-0123456789abcdef";
                settings[$"RagBot:Auth:Keys:{i}:Role"] = "user";
                settings[$"RagBot:Auth:Keys:{i}:Scope"] = keys[i].Scope;
            }

            return settings;
        }
    }

    [Fact]
    public void Two_keys_with_one_name_do_not_start_even_in_two_tenants()
    {
        using var factory = new KeysFactory(("app", "tenant:acme"), ("APP", "tenant:globex"));
        var message = Assert.ThrowsAny<Exception>(() => factory.CreateClient()).GetBaseException().Message;
        Assert.Contains("same Name twice", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("weird name")]
    [InlineData("x/y")]
    [InlineData("x%2Fy")]
    [InlineData("ü")]
    public void A_name_that_would_need_escaping_does_not_start(string name)
    {
        using var factory = new KeysFactory((name, "tenant:acme"));
        var message = Assert.ThrowsAny<Exception>(() => factory.CreateClient()).GetBaseException().Message;
        Assert.Contains("Name must be 1 to 64 letters", message, StringComparison.Ordinal);
    }
}
