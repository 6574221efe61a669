using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Ingestion;

/// <summary>
/// Attack review 2026-12-07, F4: HTML that the old nesting guard counted shallow ("&lt;div&gt;&lt;/x&gt;", "&lt;div/&gt;")
/// kept an ingestion worker busy for 7 s at 40,000 units (40 s at 80,000); it is refused before the tree builder runs.
/// </summary>
public sealed class HtmlNestingUploadTests : IClassFixture<RagBotApiFactory>
{
    private readonly HttpClient _client;

    public HtmlNestingUploadTests(RagBotApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _client = factory.CreateClient();
    }

    [Theory]
    [InlineData("<div></x>")]
    [InlineData("<div/>")]
    public async Task Html_nested_through_the_old_guard_s_blind_spots_is_refused_by_the_guard(string unit)
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat(unit, 40_000)) + "text</body></html>";

        using var response = await _client.UploadBytesAsync("deep.html", Encoding.UTF8.GetBytes(html));

        // The guard's message: refused before the tree builder ran (which took 40-54 s on 720 KB of these).
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("levels deep", (await response.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_normal_page_with_sane_nesting_is_indexed()
    {
        var html = "<!DOCTYPE html><html><head><title>Returns</title><style>p > b { color: red }</style></head><body>"
            + "<nav><ul><li><a href=/>Home</a><li><a href=/help>Help</a></ul></nav><main>"
            + string.Concat(Enumerable.Repeat("<section><div class=wrap>", 40))
            + "<h1>Returns policy</h1><p>Customers may return a <b>lamp</b> within 30 days.<p>Refunds take <i>five</i> days."
            + "<table><tr><th>Item<th>Days<tr><td>Lamp<td>30</table>"
            + "<svg viewBox='0 0 1 1'><title>icon</title><path d='M0 0'/></svg>"
            + string.Concat(Enumerable.Repeat("</div></section>", 40))
            + "</main><script>if (a < b && c > d) document.write('<div>');</script></body></html>";

        using var response = await _client.UploadBytesAsync("returns.html", Encoding.UTF8.GetBytes(html), "returns");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(body.GetProperty("chunkCount").GetInt32() > 0);
    }
}
