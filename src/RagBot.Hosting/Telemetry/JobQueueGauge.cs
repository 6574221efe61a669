using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using RagBot.AppState;
using RagBot.Core.Diagnostics;

namespace RagBot.Hosting.Telemetry;

/// <summary>
/// Publishes <c>ragbot.jobs.queued</c>: ingestion jobs waiting in the app-state database, whichever provider holds
/// it (with PostgreSQL, the queue every replica shares). Reports nothing while the database cannot be read.
/// </summary>
public sealed class JobQueueGauge : IHostedService, IDisposable
{
    private readonly Meter _meter;
    private readonly IAppStateProbe _probe;

    public JobQueueGauge(IMeterFactory meters, IAppStateProbe probe)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(probe);
        _probe = probe;
        _meter = meters.Create(RagBotTelemetry.Name);
        _meter.CreateObservableGauge("ragbot.jobs.queued", Observe, "{job}", "Ingestion jobs waiting to run.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> Observe() =>
        _probe.CountQueuedJobs() is { } queued ? [new Measurement<long>(queued)] : [];
}
