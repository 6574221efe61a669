using System.ComponentModel.DataAnnotations;

namespace RagBot.Hosting.Health;

/// <summary>How readiness probes remote model providers (<c>RagBot:Health</c>).</summary>
public sealed class ProviderProbeOptions
{
    public const string SectionName = "RagBot:Health";

    /// <summary>Timeout of one probe request (GET {base}/models).</summary>
    [Range(1, 60)]
    public int ProbeTimeoutSeconds { get; set; } = 5;

    /// <summary>How long a probe result is reused, so frequent readiness checks do not hammer the provider.</summary>
    [Range(0, 3600)]
    public int ProbeCacheSeconds { get; set; } = 30;
}
