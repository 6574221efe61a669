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
    private readonly TimeProvider _time;
    private readonly ILogger<IdleMemoryTrimmer> _logger;

    public IdleMemoryTrimmer(IOptions<MemoryOptions> options, TimeProvider time, ILogger<IdleMemoryTrimmer> logger)
    {
        _options = options.Value;
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
                    var before = Environment.WorkingSet;
                    var started = _time.GetTimestamp();
                    ManagedMemory.ReturnToSystem();
                    LogTrimmed(before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024), _time.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idle after a burst: gave memory back, working set {BeforeMb} -> {AfterMb} MB in {Milliseconds:F0} ms")]
    private partial void LogTrimmed(long beforeMb, long afterMb, double milliseconds);
}
