using System.Runtime;

namespace RagBot.Core.Diagnostics;

/// <summary>
/// Gives the memory of a large piece of work back to the operating system once it is over. Without it the GC keeps
/// the regions it grew into committed (measured: a 30 MB upload left 250-400 MB of free heap committed, under every GC
/// mode), which is what a container's memory limit counts; docs/guide/memory.md.
/// </summary>
public static class ManagedMemory
{
    /// <summary>Below this, work leaves too little garbage to be worth a blocking full collection.</summary>
    public const long LargeWorkBytes = 8L * 1024 * 1024;

    /// <summary>
    /// A blocking, compacting full collection in aggressive mode (also compacts the large object heap and decommits
    /// free regions). Costs one pause of tens to hundreds of milliseconds, so callers run it only after large work.
    /// </summary>
    public static void ReturnToSystem()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
