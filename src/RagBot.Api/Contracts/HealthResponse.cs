namespace RagBot.Api.Contracts;

/// <summary>The answer of <c>/health</c> and <c>/health/ready</c>: overall status and each dependency's status and reason.</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckEntry> Checks);
