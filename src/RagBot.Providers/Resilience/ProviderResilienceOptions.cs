using System.ComponentModel.DataAnnotations;

namespace RagBot.Providers.Resilience;

/// <summary>
/// Timeouts, retries and circuit breaker of the HTTP calls to a remote provider
/// (<c>RagBot:Chat:Resilience</c>, <c>RagBot:Embeddings:Resilience</c>). Local and ONNX providers ignore it.
/// </summary>
public sealed class ProviderResilienceOptions
{
    /// <summary>Longest wait for one HTTP attempt's response headers (streamed answers then flow without this limit).</summary>
    [Range(0.01, 3600)]
    public double AttemptTimeoutSeconds { get; set; } = 60;

    /// <summary>Longest wait for a call including all its retries and their delays.</summary>
    [Range(0.01, 7200)]
    public double TotalTimeoutSeconds { get; set; } = 180;

    /// <summary>Retries after the first attempt on 408, 429, 5xx, timeouts and connection failures.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; each retry doubles it, with jitter. A Retry-After header wins over it.</summary>
    [Range(0, 600)]
    public double BaseDelaySeconds { get; set; } = 1;

    /// <summary>
    /// A 429/503 whose Retry-After asks for a longer wait than this is not retried: the caller gets the
    /// throttling (HTTP 429 with that Retry-After) at once instead of a hung request.
    /// </summary>
    [Range(0, 3600)]
    public double MaxRetryAfterSeconds { get; set; } = 20;

    /// <summary>Share of failed attempts within the sampling window that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts in the sampling window before the circuit may open.</summary>
    [Range(2, 10000)]
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Length of the window the failure ratio is measured over.</summary>
    [Range(0.5, 3600)]
    public double CircuitBreakerSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open circuit fails calls at once before letting a probe through.</summary>
    [Range(0.5, 3600)]
    public double CircuitBreakerBreakSeconds { get; set; } = 30;
}
