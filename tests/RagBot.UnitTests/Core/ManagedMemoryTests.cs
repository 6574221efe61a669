using RagBot.Core.Diagnostics;

namespace RagBot.UnitTests.Core;

public sealed class ManagedMemoryTests
{
    [Fact]
    public void On_Linux_with_glibc_the_native_heap_is_really_trimmed()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && File.Exists("/lib/x86_64-linux-gnu/libc.so.6"), "glibc on x64 Linux only (musl has no malloc_trim).");

        // The P/Invoke names "libc": if it did not resolve to glibc, the trim would be skipped silently.
        Assert.True(ManagedMemory.TrimNativeHeap());
    }
}
