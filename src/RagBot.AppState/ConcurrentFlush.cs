namespace RagBot.AppState;

/// <summary>
/// Flushes files to disk from several dedicated threads at once. A flush blocks its thread until the file system's
/// journal commits; concurrent flushes share commits, so a batch of small files waits about as long as one. Dedicated
/// threads, not the thread pool: blocking pool threads would starve it (it adds threads slowly on two cores).
/// </summary>
internal static class ConcurrentFlush
{
    private const int MaxThreads = 16;

    public static Task ToDiskAsync(IReadOnlyList<FileStream> files)
    {
        if (files.Count == 0)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = -1;
        var running = Math.Min(files.Count, MaxThreads);
        Exception? failure = null;
        for (var t = running; t > 0; t--)
        {
            new Thread(() =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < files.Count)
                {
                    try
                    {
                        files[i].Flush(flushToDisk: true);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
                    {
                        Interlocked.CompareExchange(ref failure, ex, null);
                    }
                }

                if (Interlocked.Decrement(ref running) == 0)
                {
                    if (failure is null)
                    {
                        done.SetResult();
                    }
                    else
                    {
                        done.SetException(failure);
                    }
                }
            })
            { IsBackground = true, Name = "RagBot original flush" }.Start();
        }

        return done.Task;
    }
}
