using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Operability;

public sealed class OpenApiCoverageTests : IClassFixture<RagBotApiFactory>
{
    private readonly RagBotApiFactory _factory;

    public OpenApiCoverageTests(RagBotApiFactory factory)
    {
        _factory = factory;
    }

    [Fact]
    public async Task Every_mapped_route_is_in_the_openapi_document()
    {
        var client = _factory.CreateClient();
        var documented = OpenApiDocument.Operations(await OpenApiDocument.FetchAsync(client));

        var mapped = MappedOperations(_factory.Services);

        Assert.NotEmpty(mapped);
        Assert.Contains("POST /api/chat", mapped);
        var missing = mapped.Where(m => !documented.Contains(m)).ToList();
        Assert.True(missing.Count == 0, "Routes missing from /openapi/v1.json: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_a_problem_details_error_response()
    {
        var document = await OpenApiDocument.FetchAsync(_factory.CreateClient());

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name} {path.Name}";
                Assert.True(operation.Value.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 0, name + " has no summary");
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("500", out var error), name + " declares no 500");
                Assert.True(error.GetProperty("content").TryGetProperty("application/problem+json", out _), name + " 500 is not problem details");
                Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('2'));
            }
        }
    }

    [Fact]
    public async Task The_chat_operation_documents_the_server_sent_events_contract()
    {
        var document = await OpenApiDocument.FetchAsync(_factory.CreateClient());
        var chat = document.GetProperty("paths").EnumerateObject().Single(p => OpenApiDocument.Normalize(p.Name) == "/api/chat").Value.GetProperty("post");

        var description = chat.GetProperty("description").GetString()!;
        foreach (var part in new[] { "text/event-stream", "`citations`", "`delta`", "`done`", "`error`" })
        {
            Assert.Contains(part, description, StringComparison.Ordinal);
        }

        var ok = chat.GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(ok.TryGetProperty("application/json", out _));
        Assert.True(ok.TryGetProperty("text/event-stream", out _));
        Assert.True(chat.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal(JsonValueKind.Object, document.GetProperty("components").GetProperty("schemas").ValueKind);
    }

    [Fact]
    public async Task The_reference_page_is_off_outside_development_unless_enabled()
    {
        var response = await _factory.CreateClient().GetAsync(new Uri("/docs", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Every HTTP route the app maps except those explicitly excluded from the description (the document itself, the docs page).</summary>
    internal static HashSet<string> MappedOperations(IServiceProvider services)
    {
        var operations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in services.GetServices<EndpointDataSource>())
        {
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                if (endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
                {
                    continue;
                }

                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any)"];
                foreach (var method in methods)
                {
                    operations.Add($"{method} {OpenApiDocument.Normalize("/" + endpoint.RoutePattern.RawText!.TrimStart('/'))}");
                }
            }
        }

        return operations;
    }
}
