using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Operability;

/// <summary>The real API with OpenTelemetry's in-memory exporters added next to whatever the app configures.</summary>
public class TelemetryApiFactory : RagBotApiFactory
{
    public TelemetryApiFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    protected TelemetryApiFactory(IDictionary<string, string?> settings)
        : base(settings)
    {
    }

    public ExportedCollection<Activity> Spans { get; } = new();

    public ExportedCollection<MetricSnapshot> Metrics { get; } = new();

    /// <summary>Collects the metrics recorded so far into <see cref="Metrics"/>.</summary>
    public void FlushMetrics() => Services.GetRequiredService<MeterProvider>().ForceFlush();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        });
    }
}
