using System.Net;
using System.Net.Http.Json;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Security;

public sealed class RateLimitTests : IClassFixture<RateLimitTests.TightFactory>
{
    private readonly TightFactory _factory;

    public RateLimitTests(TightFactory factory)
    {
        _factory = factory;
    }

    public sealed class TightFactory() : RagBotApiFactory(new Dictionary<string, string?>
    {
        ["RagBot:Auth:Keys:0:Name"] = "one",
        ["RagBot:Auth:Keys:0:Key"] = "first-key-0123456789",
        ["RagBot:Auth:Keys:0:Role"] = "user",
        ["RagBot:Auth:Keys:1:Name"] = "two",
        ["RagBot:Auth:Keys:1:Key"] = "second-key-012345678",
        ["RagBot:Auth:Keys:1:Role"] = "user",
        ["RagBot:RateLimits:ChatPermits"] = "2",
        ["RagBot:RateLimits:WindowSeconds"] = "60",
        ["RagBot:RateLimits:FailedAuthPermits"] = "3",
    });

    [Fact]
    public async Task Wrong_keys_from_one_address_are_throttled_with_retry_after_but_valid_keys_still_work()
    {
        var guesser = _factory.CreateClient();
        guesser.DefaultRequestHeaders.Add("X-Api-Key", "guessed-key-0123456789");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        }

        var throttled = await guesser.GetAsync(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("https://ragbot.dev/problems/too-many-failed-authentications", (await throttled.ProblemAsync()).GetProperty("type").GetString());

        var valid = _factory.CreateClient();
        valid.DefaultRequestHeaders.Add("X-Api-Key", "second-key-012345678");
        Assert.Equal(HttpStatusCode.OK, (await valid.GetAsync(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Each_key_has_its_own_chat_budget_and_gets_429_with_retry_after()
    {
        var one = _factory.CreateClient();
        one.DefaultRequestHeaders.Add("X-Api-Key", "first-key-0123456789");
        var two = _factory.CreateClient();
        two.DefaultRequestHeaders.Add("X-Api-Key", "second-key-012345678");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await one.PostAsJsonAsync("/api/chat", new { message = "hello there" }, TestContext.Current.CancellationToken)).StatusCode);
        }

        var refused = await one.PostAsJsonAsync("/api/chat", new { message = "hello there" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(429, (await refused.ProblemAsync()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await two.PostAsJsonAsync("/api/chat", new { message = "hello there" }, TestContext.Current.CancellationToken)).StatusCode);
    }
}
