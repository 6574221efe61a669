using System.ComponentModel.DataAnnotations;

namespace RagBot.Hosting.Memory;

/// <summary>When the process gives memory back to the system (<c>RagBot:Memory</c>; docs/guide/memory.md).</summary>
public sealed class MemoryOptions
{
    public const string SectionName = "RagBot:Memory";

    /// <summary>
    /// After this many seconds with (almost) no allocation, following a burst of work, one compacting full GC and
    /// a trim of the native heap give the burst's memory back. 0 never does.
    /// </summary>
    [Range(0, 86_400)]
    public int IdleTrimSeconds { get; set; } = 10;

    /// <summary>Megabytes the process must have allocated since the last trim for the next one to be worth its pause.</summary>
    [Range(1, 1_048_576)]
    public int IdleTrimAfterAllocatedMb { get; set; } = 64;
}
