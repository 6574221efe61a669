using System.Text.RegularExpressions;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Operability;

/// <summary>
/// The README's API table and RagBot.Api.http must list exactly the operations of /openapi/v1.json, so a
/// route added, renamed or removed without updating them fails here.
/// </summary>
public sealed partial class ApiListingTests : IClassFixture<RagBotApiFactory>
{
    private readonly RagBotApiFactory _factory;

    public ApiListingTests(RagBotApiFactory factory)
    {
        _factory = factory;
    }

    [Fact]
    public async Task Every_route_in_the_readme_api_table_exists()
    {
        var documented = OpenApiDocument.Operations(await OpenApiDocument.FetchAsync(_factory.CreateClient()));
        var readme = ReadmeApiRows(RepositoryFiles.Read("README.md"));

        Assert.NotEmpty(readme);
        var stale = readme.Where(r => !documented.Contains(r)).ToList();
        Assert.True(stale.Count == 0, "README.md '## API' lists routes the API does not have: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_documented_operation_has_a_row_in_the_readme_api_table()
    {
        var documented = OpenApiDocument.Operations(await OpenApiDocument.FetchAsync(_factory.CreateClient()));
        var readme = ReadmeApiRows(RepositoryFiles.Read("README.md"));

        var missing = documented.Where(d => !readme.Contains(d)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "README.md '## API' lacks rows (\"| `METHOD /path` | ... |\") for: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task The_http_file_has_a_request_for_every_documented_operation()
    {
        var documented = OpenApiDocument.Operations(await OpenApiDocument.FetchAsync(_factory.CreateClient()));
        var requests = HttpFileRequests(RepositoryFiles.Read("src/RagBot.Api/RagBot.Api.http"));

        var missing = documented.Where(operation => !requests.Any(request => Matches(operation, request))).ToList();
        var unknown = requests.Where(request => request.Path != "/openapi/v1.json" && !documented.Any(operation => Matches(operation, request))).ToList();
        Assert.True(missing.Count == 0, "RagBot.Api.http lacks a request for: " + string.Join(", ", missing));
        Assert.True(unknown.Count == 0, "RagBot.Api.http calls routes the API does not have: " + string.Join(", ", unknown));
    }

    /// <summary>The "METHOD /path" of each row of the form "| `METHOD /path` | ..." in the "## API" section.</summary>
    internal static List<string> ReadmeApiRows(string readme)
    {
        var lines = readme.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "## API");
        Assert.True(start >= 0, "README.md has no '## API' section");
        return lines.Skip(start + 1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => ReadmeRow().Match(l))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value} {OpenApiDocument.Normalize(m.Groups[2].Value)}")
            .ToList();
    }

    private static List<(string Method, string Path)> HttpFileRequests(string httpFile) =>
        httpFile.Split('\n')
            .Select(l => HttpRequestLine().Match(l))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value.TrimEnd('/')))
            .ToList();

    private static bool Matches(string operation, (string Method, string Path) request)
    {
        var (method, template) = (operation[..operation.IndexOf(' ', StringComparison.Ordinal)], operation[(operation.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$";
        return method == request.Method && Regex.IsMatch(request.Path, pattern);
    }

    [GeneratedRegex(@"^\|\s*`(GET|POST|PUT|PATCH|DELETE) (/[^`\s]*)`\s*\|")]
    private static partial Regex ReadmeRow();

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE) \{\{host\}\}(/[^?\s]*)")]
    private static partial Regex HttpRequestLine();
}
