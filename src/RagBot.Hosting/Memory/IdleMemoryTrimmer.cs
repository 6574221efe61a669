using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagBot.Core.Diagnostics;

namespace RagBot.Hosting.Memory;

/// <summary>
/// Gives a burst's memory back once the process goes quiet. The GC only shrinks when it runs, and an idle process
/// runs none: after a chat burst the GC kept ~100 MB of garbage and budget committed, and malloc kept the request
/// threads' freed native blocks, for as long as the process stayed idle (measured, docs/guide/memory.md).
/// </summary>
internal sealed partial class IdleMemoryTrimmer : BackgroundService
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1);

    private readonly MemoryOptions _options;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger<IdleMemoryTrimmer> _logger;

    public IdleMemoryTrimmer(IOptions<MemoryOptions> options, IServiceProvider services, TimeProvider time, ILogger<IdleMemoryTrimmer> logger)
    {
        _options = options.Value;
        _services = services;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.IdleTrimSeconds == 0)
        {
            return;
        }

        var policy = new IdleTrimPolicy(
            TimeSpan.FromSeconds(_options.IdleTrimSeconds), _options.IdleTrimAfterAllocatedMb * 1024L * 1024, GC.GetTotalAllocatedBytes(), _time.GetElapsedTime(0));
        using var timer = new PeriodicTimer(SampleEvery, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (policy.Sample(GC.GetTotalAllocatedBytes(), _time.GetElapsedTime(0)))
                {
                    Trim();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private void Trim()
    {
        var before = Environment.WorkingSet;
        var started = _time.GetTimestamp();
        try
        {
            // Native buffers first (freed to malloc), then the GC, then malloc's free pages to the system.
            _services.GetService<IEmbeddingGenerator<string, Embedding<float>>>()?.GetService<IReleasesIdleMemory>()?.ReleaseIdleMemory();
            ManagedMemory.ReturnToSystem();
        }
#pragma warning disable CA1031 // Giving memory back is an optimisation: a failure must not stop the host; the next quiet period tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(ex);
            return;
        }

        LogTrimmed(before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024), _time.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving memory back after a burst failed")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idle after a burst: gave memory back, working set {BeforeMb} -> {AfterMb} MB in {Milliseconds:F0} ms")]
    private partial void LogTrimmed(long beforeMb, long afterMb, double milliseconds);
}
