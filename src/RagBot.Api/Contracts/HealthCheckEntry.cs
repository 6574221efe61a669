namespace RagBot.Api.Contracts;

/// <summary>One dependency in a health report: Healthy, Degraded or Unhealthy, and why (never a secret).</summary>
public sealed record HealthCheckEntry(string Status, string? Reason);
