using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RagBot.Hosting.Health;

/// <summary>
/// Checks that a model provider answers: local providers by their settings alone, remote ones with a cheap
/// GET {base}/models under a short timeout, cached briefly. Reasons name the provider and the setting to fix,
/// never a key, a URL's query or the provider's response body.
/// </summary>
public sealed partial class ModelProviderProbe
{
    /// <summary>Name of the HttpClient used for probes (no retries: a probe must be quick).</summary>
    public const string HttpClientName = "ragbot-provider-probe";

    private readonly IHttpClientFactory _httpClients;
    private readonly ProviderProbeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelProviderProbe> _logger;
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, HealthCheckResult Result)> _cache = new(StringComparer.Ordinal);

    public ModelProviderProbe(IHttpClientFactory httpClients, IOptions<ProviderProbeOptions> options, TimeProvider time, ILogger<ModelProviderProbe> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClients = httpClients;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async Task<HealthCheckResult> ProbeAsync(ModelEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.LocalProblem is { } problem)
        {
            return HealthCheckResult.Unhealthy($"{endpoint.Description}: {problem}");
        }

        if (!endpoint.IsRemote)
        {
            return HealthCheckResult.Healthy(endpoint.Description);
        }

        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(endpoint.CacheKey, out var cached) && now - cached.At < TimeSpan.FromSeconds(_options.ProbeCacheSeconds))
        {
            return cached.Result;
        }

        var result = await RequestAsync(endpoint, cancellationToken).ConfigureAwait(false);
        _cache[endpoint.CacheKey] = (now, result);
        return result;
    }

    private async Task<HealthCheckResult> RequestAsync(ModelEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.ProbeTimeoutSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.ModelsUrl);
        if (endpoint.AuthHeader is { } header && endpoint.AuthValue is { } value)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        try
        {
            var client = _httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return response.StatusCode switch
            {
                _ when response.IsSuccessStatusCode => HealthCheckResult.Healthy($"{endpoint.Description}: reachable (HTTP {code})."),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    HealthCheckResult.Unhealthy($"{endpoint.Description}: the key was refused (HTTP {code}); check {endpoint.SettingPath}:ApiKey."),
                HttpStatusCode.TooManyRequests => HealthCheckResult.Degraded($"{endpoint.Description}: reachable but throttling (HTTP 429)."),
                HttpStatusCode.NotFound => HealthCheckResult.Degraded($"{endpoint.Description}: reachable, but it has no models list (HTTP 404); check {endpoint.SettingPath}."),
                _ => HealthCheckResult.Unhealthy($"{endpoint.Description}: answered HTTP {code}."),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = ex is OperationCanceledException ? $"no answer within {_options.ProbeTimeoutSeconds} s" : "connection failed";
            LogProbeFailed(endpoint.Description, reason);
            return HealthCheckResult.Unhealthy($"{endpoint.Description}: unreachable ({reason}); check {endpoint.SettingPath}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model provider probe failed for {Provider}: {Reason}")]
    private partial void LogProbeFailed(string provider, string reason);
}
