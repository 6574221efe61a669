using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RagBot.AppState;

namespace RagBot.Hosting.Maintenance;

/// <summary>
/// On start, before the worker and the seed run, removes originals nothing references (see <see cref="IOriginalsSweep"/>)
/// and logs them. A sweep that fails (the database not reachable yet) is logged and skipped: it must not keep the
/// replica from starting, and the next start sweeps again.
/// </summary>
internal sealed partial class OriginalsSweepService : IHostedService
{
    private readonly IOriginalsSweep _sweep;
    private readonly ILogger<OriginalsSweepService> _logger;

    public OriginalsSweepService(IOriginalsSweep sweep, ILogger<OriginalsSweepService> logger)
    {
        _sweep = sweep;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> removed;
        try
        {
            removed = await _sweep.RunAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Leftover originals cost space only; a failed sweep must not stop the host from starting.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogFailed(ex);
            return;
        }

        if (removed.Count > 0)
        {
            LogRemoved(removed.Count, string.Join(", ", removed));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep of unreferenced originals failed; it runs again at the next start")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} unreferenced original(s): {Names}")]
    private partial void LogRemoved(int count, string names);
}
