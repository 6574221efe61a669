using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace RagBot.Providers.Resilience;

/// <summary>
/// The named HttpClients handed to the OpenAI SDK. They carry the only retry layer (the SDK's own retries are
/// switched off): total timeout, retries with exponential backoff and jitter honouring Retry-After, a circuit
/// breaker and a per-attempt timeout.
/// </summary>
internal static class ProviderHttpClients
{
    public const string Chat = "RagBot.Providers.Chat";
    public const string Embeddings = "RagBot.Providers.Embeddings";

    public static void Add(IServiceCollection services, string name, Func<IServiceProvider, ProviderResilienceOptions> resilience)
    {
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddResilienceHandler(name, (pipeline, context) => Configure(pipeline, resilience(context.ServiceProvider)));
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ProviderResilienceOptions options)
    {
        var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(options.TotalTimeoutSeconds) });
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(options.BaseDelaySeconds),
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, maxRetryAfter)),
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(options.CircuitBreakerSamplingSeconds),
            BreakDuration = TimeSpan.FromSeconds(options.CircuitBreakerBreakSeconds),
        });
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(options.AttemptTimeoutSeconds) });
    }

    /// <summary>Transient failures are retried, except a throttling whose Retry-After is longer than we wait for.</summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter)
    {
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        var response = outcome.Result;
        if (response is null || (response.StatusCode != HttpStatusCode.TooManyRequests && response.StatusCode != HttpStatusCode.ServiceUnavailable))
        {
            return true;
        }

        var retryAfter = RetryAfterHeader.Read(response);
        return retryAfter is null || retryAfter <= maxRetryAfter;
    }
}
