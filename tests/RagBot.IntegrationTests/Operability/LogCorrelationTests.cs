using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Operability;

public sealed class LogCorrelationTests : IClassFixture<LogCorrelationTests.LoggingFactory>
{
    private const string Secret = "a-very-private-sentence-about-the-vault";
    private readonly LoggingFactory _factory;

    public LogCorrelationTests(LoggingFactory factory)
    {
        _factory = factory;
    }

    [Fact]
    public async Task Logs_of_a_request_carry_its_trace_id_and_no_document_text_at_information()
    {
        var client = _factory.CreateClient();
        (await client.UploadAsync("vault.md", $"# Vault\n\nThe vault code is {Secret}.\n", "vault")).EnsureSuccessStatusCode();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = JsonContent.Create(new { message = "What is the vault code?" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        (await client.SendAsync(request, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var entries = _factory.Logs.Entries.ToList();
        var ofRequest = entries.Where(e => e.Scope.TryGetValue("TraceId", out var id) && id?.ToString() == traceId.ToString()).ToList();
        Assert.Contains(ofRequest, e => e.Category == RequestLogCategory);
        Assert.All(entries.Where(e => e.Scope.ContainsKey("RequestPath") && (string?)e.Scope["RequestPath"] == "/api/chat"), e => Assert.True(e.Scope.ContainsKey("TraceId")));
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Information && e.Message.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_sent_in_the_query_string_is_not_logged()
    {
        const string Leaked = "query-string-key-0123456789";
        var client = _factory.CreateClient();

        await client.GetAsync(new Uri($"/api/documents?api_key={Leaked}&x=1", UriKind.Relative), TestContext.Current.CancellationToken);

        var entries = _factory.Logs.Entries.ToList();
        Assert.Contains(entries, e => e.Category == RequestLogCategory && e.Message.Contains("/api/documents?(redacted)", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Information && e.Message.Contains(Leaked, StringComparison.Ordinal));
    }

    private const string RequestLogCategory = "RagBot.Api.Infrastructure.RequestLogging";

    public sealed class LoggingFactory : RagBotApiFactory
    {
        public LoggingFactory()
            : base(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" })
        {
        }

        public ScopeRecordingLoggerProvider Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddLogging(logging => logging.AddProvider(Logs)));
        }
    }
}
