namespace RagBot.Hosting.Telemetry;

/// <summary>
/// Tracing and metrics settings (<c>RagBot:Telemetry</c>). Export is switched on by the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable (and the other <c>OTEL_*</c> variables), not by a RagBot setting.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "RagBot:Telemetry";

    /// <summary>
    /// Put questions, prompts and model output on spans (RagBot's and M.E.AI's). Off by default: document
    /// text is often confidential and collectors are often shared.
    /// </summary>
    public bool RecordContent { get; set; }

    /// <summary>The service.name resource attribute (OTEL_SERVICE_NAME wins when set).</summary>
    public string ServiceName { get; set; } = "ragbot";
}
