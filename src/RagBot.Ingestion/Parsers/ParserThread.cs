namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Runs a format library's parse on a thread of its own with a large stack. PdfPig and OpenXml recurse once per nesting
/// level of what they read (page trees, outlines, nested elements), and a stack overflow cannot be caught in .NET: it
/// ends the process, every request in flight and every running job with it, and the recovered job crashes it again.
/// A pool thread's stack (1.5 MB) overflowed on a 10 MB PDF whose page tree was 100,000 levels deep; this stack holds
/// about 170 times as many frames. The memory is reserved, not used: pages are committed only as deep as a parse goes.
/// Office packages are also refused above a nesting depth before OpenXml sees them (<see cref="OfficePackageGuard"/>).
/// </summary>
internal static class ParserThread
{
    private const int StackBytes = 256 * 1024 * 1024;

    public static Task<T> RunAsync<T>(string name, Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(
            () =>
            {
                try
                {
                    done.SetResult(work());
                }
#pragma warning disable CA1031 // Whatever the parse threw reaches the awaiting caller unchanged.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    done.SetException(ex);
                }
            },
            StackBytes)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }
}
