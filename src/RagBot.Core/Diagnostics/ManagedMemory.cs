using System.Runtime;
using System.Runtime.InteropServices;

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

    private static int _nativeTrimUnavailable;

    /// <summary>
    /// A blocking, compacting full collection in aggressive mode (also compacts the large object heap and decommits
    /// free regions), then a trim of the native heap. Costs one pause of tens to hundreds of milliseconds, so callers
    /// run it only after large work.
    /// </summary>
    public static void ReturnToSystem()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _ = TrimNativeHeap();
    }

    /// <summary>
    /// glibc's malloc keeps freed blocks in per-thread arenas (SQLite's page caches and statements, ONNX Runtime's
    /// buffers, the runtime's own); malloc_trim returns their free pages. Other C libraries (musl) lack it: skipped.
    /// </summary>
    /// <returns>Whether the C library's malloc_trim ran.</returns>
    public static bool TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _nativeTrimUnavailable) != 0)
        {
            return false;
        }

        try
        {
            _ = NativeMethods.malloc_trim(0);
            return true;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref _nativeTrimUnavailable, 1);
            return false;
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Interoperability", "SYSLIB1054", Justification = "One call without marshalling; LibraryImport would need unsafe code in this project.")]
#pragma warning disable IDE1006, CA1707 // the C function's name
        internal static extern int malloc_trim(nuint pad);
#pragma warning restore IDE1006, CA1707
    }
}
