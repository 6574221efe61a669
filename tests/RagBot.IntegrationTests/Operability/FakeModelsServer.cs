using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RagBot.IntegrationTests.Operability;

/// <summary>
/// Stands in for an OpenAI-style server's <c>GET /v1/models</c> on 127.0.0.1 (real Kestrel): 200 with the
/// OpenAI list shape for the expected bearer key, 401 with OpenAI's error shape otherwise; and a
/// <c>POST /v1/chat/completions</c> that is always rate limited (429 with Retry-After).
/// </summary>
internal sealed class FakeModelsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeModelsServer(WebApplication app)
    {
        _app = app;
    }

    public ConcurrentQueue<string?> AuthorizationHeaders { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeModelsServer> StartAsync(string expectedKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeModelsServer(app);
        app.MapGet("/v1/models", (HttpContext context) =>
        {
            string? authorization = context.Request.Headers.Authorization;
            server.AuthorizationHeaders.Enqueue(authorization);
            return authorization == "Bearer " + expectedKey
                ? Results.Json(new { @object = "list", data = new[] { new { id = "gpt-4o-mini", @object = "model", created = 1, owned_by = "fake" } } })
                : Results.Json(new { error = new { message = "Incorrect API key provided.", type = "invalid_request_error", code = "invalid_api_key" } }, statusCode: 401);
        });
        app.MapPost("/v1/chat/completions", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = "7";
            return Results.Json(new { error = new { message = "Rate limit reached for requests.", type = "requests", code = "rate_limit_exceeded" } }, statusCode: 429);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
