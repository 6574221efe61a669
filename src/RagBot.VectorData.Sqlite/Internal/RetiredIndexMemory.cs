using System.Runtime;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Gives a dropped collection's in-memory vectors back to the operating system. The GC would otherwise keep their
/// large-object regions committed until it next needs room: after a reindex of 29k 768-dimension vectors that left the
/// old generation's 85 MB (and the garbage of the build) counted in the process's resident memory.
/// </summary>
internal static class RetiredIndexMemory
{
    /// <summary>Below this a dropped index is not worth a blocking full collection.</summary>
    public const long ReleaseFromBytes = 8L * 1024 * 1024;

    public static void Release(CollectionIndexState state)
    {
        if (state.MemoryBytes < ReleaseFromBytes)
        {
            return;
        }

        // The store is a standalone connector (no RagBot reference), hence its own call rather than RagBot.Core's.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
