using System.Net;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Operability;

public sealed class DocsEnabledTests : IClassFixture<DocsEnabledTests.DocsFactory>
{
    private readonly DocsFactory _factory;

    public DocsEnabledTests(DocsFactory factory)
    {
        _factory = factory;
    }

    [Fact]
    public async Task The_reference_page_is_served_when_the_setting_enables_it()
    {
        var response = await _factory.CreateClient().GetAsync(new Uri("/docs", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    public sealed class DocsFactory() : RagBotApiFactory(new Dictionary<string, string?> { ["RagBot:Api:EnableDocs"] = "true" });
}
