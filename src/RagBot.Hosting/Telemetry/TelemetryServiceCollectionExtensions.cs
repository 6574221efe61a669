using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RagBot.Core.Diagnostics;

namespace RagBot.Hosting.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The ActivitySource and Meter name of Microsoft.Extensions.AI's <c>UseOpenTelemetry</c>.</summary>
    public const string ExtensionsAISourceName = "Experimental.Microsoft.Extensions.AI";

    /// <summary>The setting that switches the OTLP exporter on (the OpenTelemetry standard variable).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry traces and metrics for RagBot's spans, M.E.AI provider calls and outgoing HTTP, the job
    /// queue gauge, and trace ids on every log line. Exported over OTLP only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Configuration:
    /// <code>"RagBot": { "Telemetry": { "RecordContent": false, "ServiceName": "ragbot" } }</code>
    /// </summary>
    public static IHostApplicationBuilder AddRagBotTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (settings.RecordContent)
        {
            // Process-wide (capability code only sees Core); only ever switched on, so the default host never turns it off under another.
            RagBotTelemetry.RecordContent = true;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName))
            .WithTracing(tracing => tracing.AddSource(RagBotTelemetry.Name, ExtensionsAISourceName).AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(RagBotTelemetry.Name, ExtensionsAISourceName).AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddHostedService<JobQueueGauge>();
        if (settings.RecordContent)
        {
            builder.Services.AddHostedService<SensitiveDataSwitch>();
        }

        // Every log line written inside a request or a job span carries its trace id (the correlation id).
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        // Without an explicit formatter name the console logger copies its legacy IncludeScopes=false over the formatter's.
        builder.Services.PostConfigure<ConsoleLoggerOptions>(options => options.FormatterName ??= ConsoleFormatterNames.Simple);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(options => options.IncludeScopes = true);
        builder.Services.Configure<JsonConsoleFormatterOptions>(options => options.IncludeScopes = true);
        return builder;
    }
}
