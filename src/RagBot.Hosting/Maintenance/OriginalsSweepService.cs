using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RagBot.AppState;

namespace RagBot.Hosting.Maintenance;

/// <summary>On start, before the worker and the seed run, removes originals nothing references (see <see cref="OriginalsSweep"/>) and logs them.</summary>
internal sealed partial class OriginalsSweepService : IHostedService
{
    private readonly OriginalsSweep _sweep;
    private readonly ILogger<OriginalsSweepService> _logger;

    public OriginalsSweepService(OriginalsSweep sweep, ILogger<OriginalsSweepService> logger)
    {
        _sweep = sweep;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var removed = await _sweep.RunAsync(cancellationToken).ConfigureAwait(false);
        if (removed.Count > 0)
        {
            LogRemoved(removed.Count, string.Join(", ", removed));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} unreferenced original(s) from the data directory: {Names}")]
    private partial void LogRemoved(int count, string names);
}
