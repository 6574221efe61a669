using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RagBot.Core.Diagnostics;

/// <summary>
/// RagBot's own traces and metrics. Capability projects start spans and record measurements here; the host
/// decides whether anything listens or is exported (OpenTelemetry subscribes to <see cref="Name"/>).
/// Spans never carry prompt or document text unless <see cref="RecordContent"/> is set by the host.
/// </summary>
public static class RagBotTelemetry
{
    /// <summary>The name of both the <see cref="ActivitySource"/> and the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string Name = "RagBot";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ChatRequests = Meter.CreateCounter<long>("ragbot.chat.requests", "{request}", "Chat questions answered or failed, by outcome.");

    public static readonly Histogram<double> ChatDuration = Meter.CreateHistogram<double>("ragbot.chat.duration", "s", "Time to answer one chat question.");

    public static readonly Histogram<double> RetrievalDuration = Meter.CreateHistogram<double>("ragbot.retrieval.duration", "s", "Time of one retrieval (embed the query, search, filter).");

    public static readonly Counter<long> TokensUsed = Meter.CreateCounter<long>("ragbot.chat.tokens", "{token}", "Tokens reported by the chat model, by type (input, output).");

    public static readonly Counter<long> IngestedDocuments = Meter.CreateCounter<long>("ragbot.ingestion.documents", "{document}", "Documents taken through ingestion, by outcome.");

    public static readonly Counter<long> IngestedChunks = Meter.CreateCounter<long>("ragbot.ingestion.chunks", "{chunk}", "Chunks embedded and written to the vector store.");

    public static readonly Counter<long> IngestionFailures = Meter.CreateCounter<long>("ragbot.ingestion.failures", "{document}", "Documents whose ingestion failed, by error type.");

    public static readonly Counter<double> IngestionYield = Meter.CreateCounter<double>("ragbot.ingestion.yield", "s", "Time ingestion's embedding paused so chat requests ran first (in-process ONNX embedder).");

    public static readonly Counter<long> ProviderErrors = Meter.CreateCounter<long>("ragbot.provider.errors", "{error}", "Model provider calls that failed (unavailable) or were throttled, by kind.");

    /// <summary>Whether spans may carry prompt, question and document text (<c>RagBot:Telemetry:RecordContent</c>).</summary>
    public static bool RecordContent { get; set; }

    /// <summary>Puts text on a span only when the host allows content recording.</summary>
    public static void SetContent(Activity? activity, string tag, string? text)
    {
        if (RecordContent && activity is not null)
        {
            activity.SetTag(tag, text);
        }
    }

    /// <summary>Marks a span failed and names the error type (never its message, which may quote content).</summary>
    public static void SetFailed(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }

    /// <summary>Elapsed seconds since a <see cref="Stopwatch.GetTimestamp"/> value.</summary>
    public static double SecondsSince(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
}
