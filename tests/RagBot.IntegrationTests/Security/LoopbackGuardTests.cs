using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Security;

public sealed class LoopbackGuardTests
{
    private sealed class ExposedFactory(string urls, bool withKey) : RagBotApiFactory(Settings(urls, withKey))
    {
        private static Dictionary<string, string?> Settings(string urls, bool withKey)
        {
            var settings = new Dictionary<string, string?> { ["urls"] = urls };
            if (withKey)
            {
                settings["RagBot:Auth:Keys:0:Name"] = "ops";
                settings["RagBot:Auth:Keys:0:Key"] = "ops-key-0123456789ab";
                settings["RagBot:Auth:Keys:0:Role"] = "admin";
            }

            return settings;
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://*:5000")]
    [InlineData("http://localhost:5000;http://192.0.2.10:5000")]
    public void Without_keys_a_public_address_is_refused_with_a_clear_message(string urls)
    {
        using var factory = new ExposedFactory(urls, withKey: false);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = error.GetBaseException().Message;
        Assert.Contains("RagBot:Auth:Keys", message, StringComparison.Ordinal);
        Assert.Contains("without API keys", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5000", false)]
    [InlineData("http://127.0.0.1:5000;http://[::1]:5000", false)]
    [InlineData("http://0.0.0.0:8080", true)]
    public async Task Loopback_without_keys_or_any_address_with_keys_starts(string urls, bool withKey)
    {
        using var factory = new ExposedFactory(urls, withKey);
        var response = await factory.CreateClient().GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
