using System.ComponentModel.DataAnnotations;

namespace RagBot.Api.Security;

/// <summary>Requests allowed per API key (or per client address without keys) in each window.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RagBot:RateLimits";

    /// <summary>Chat, search and /v1 requests per key per window.</summary>
    [Range(1, 1_000_000)]
    public int ChatPermits { get; set; } = 120;

    /// <summary>Uploads per key per window.</summary>
    [Range(1, 1_000_000)]
    public int UploadPermits { get; set; } = 60;

    /// <summary>Requests with a wrong API key per client address per window; more are answered 429.</summary>
    [Range(1, 1_000_000)]
    public int FailedAuthPermits { get; set; } = 20;

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;
}
