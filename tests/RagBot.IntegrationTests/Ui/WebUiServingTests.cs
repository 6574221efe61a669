using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RagBot.Evaluation;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Ui;

/// <summary>
/// When the page is served (<c>RagBot:Api:EnableUi</c> and its default), with which headers, and the saved
/// evaluation it charts (<c>GET /api/admin/eval</c>).
/// </summary>
public sealed class WebUiServingTests
{
    private const string AdminKey = "serving-admin-key-012345";

    [Fact]
    public async Task Without_keys_the_page_is_served_with_a_self_only_policy()
    {
        using var api = new ConfiguredApiFactory(new Dictionary<string, string?>());
        using var client = api.CreateClient();

        using var page = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("/ui/main.js", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using var module = await client.GetAsync(new Uri("/ui/main.js", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, module.StatusCode);
        Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
        using var missing = await client.GetAsync(new Uri("/ui/nothing.js", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.NotFound)]
    [InlineData("false", HttpStatusCode.NotFound)]
    [InlineData("true", HttpStatusCode.OK)]
    public async Task With_keys_the_page_is_served_only_when_enabled(string? enableUi, HttpStatusCode expected)
    {
        using var api = new ConfiguredApiFactory(new Dictionary<string, string?>
        {
            ["RagBot:Api:EnableUi"] = enableUi,
            ["RagBot:Auth:Keys:0:Name"] = "ops",
            ["RagBot:Auth:Keys:0:Key"] = AdminKey,
            ["RagBot:Auth:Keys:0:Role"] = "admin",
        });
        using var client = api.CreateClient();

        using var page = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(expected, page.StatusCode);
    }

    [Fact]
    public async Task Without_keys_the_page_can_be_turned_off()
    {
        using var api = new ConfiguredApiFactory(new Dictionary<string, string?> { ["RagBot:Api:EnableUi"] = "false" });
        using var client = api.CreateClient();

        using var page = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task The_saved_evaluation_is_served_to_admins_and_its_absence_is_explained()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var api = new ConfiguredApiFactory(new Dictionary<string, string?>
        {
            ["RagBot:Auth:Keys:0:Name"] = "ops",
            ["RagBot:Auth:Keys:0:Key"] = AdminKey,
            ["RagBot:Auth:Keys:0:Role"] = "admin",
        });
        using var anonymous = api.CreateClient();
        using var admin = api.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);

        using (var none = await admin.GetAsync(new Uri("/api/admin/eval", UriKind.Relative), cancellation))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
            var problem = await none.Content.ReadFromJsonAsync<JsonElement>(cancellation);
            Assert.Contains("ragbot eval --dataset", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var path = LastEvaluationFile.PathIn(api.DataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "{ not json", cancellation);
        using (var unreadable = await admin.GetAsync(new Uri("/api/admin/eval", UriKind.Relative), cancellation))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unreadable.StatusCode);
            Assert.Equal("application/problem+json", unreadable.Content.Headers.ContentType?.MediaType);
        }

        var report = new EvaluationReport
        {
            K = 5, Mode = RagBot.Retrieval.RetrievalMode.Keyword, Ndcg = 0.5, Recall = 0.75, Recall100 = 1, Mrr = 0.6,
            Queries = 4, P50Milliseconds = 2, P99Milliseconds = 3, Documents = 9, DocumentsSkipped = 0, IngestSeconds = 1,
        };
        await LastEvaluationFile.SaveAsync(api.DataDirectory, SavedEvaluation.From(report, "/somewhere/private/scifact", DateTimeOffset.UtcNow), cancellation);
        var saved = await admin.GetFromJsonAsync<JsonElement>("/api/admin/eval", cancellation);
        Assert.Equal("scifact", saved.GetProperty("dataset").GetString());
        Assert.Equal("keyword", saved.GetProperty("mode").GetString());
        Assert.Equal(0.75, saved.GetProperty("metrics").GetProperty("recall@5").GetDouble());
        Assert.Equal(4, saved.GetProperty("metrics").EnumerateObject().Count());

        using var refused = await anonymous.GetAsync(new Uri("/api/admin/eval", UriKind.Relative), cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private sealed class ConfiguredApiFactory(IDictionary<string, string?> settings) : RagBotApiFactory(settings);
}
