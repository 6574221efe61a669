using System.Globalization;

namespace RagBot.Hosting.Indexing;

/// <summary>
/// The one-reindex-at-a-time rule for a data directory, across processes: an exclusive lock on
/// <c>reindex.lock</c> (released by the OS if the holder dies, so a crash never leaves it stuck). Who holds
/// it is written beside it in <c>reindex.owner</c>, for the message the next caller sees.
/// </summary>
public sealed class ReindexLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _ownerPath;

    private ReindexLock(FileStream lockStream, string ownerPath)
    {
        _lock = lockStream;
        _ownerPath = ownerPath;
    }

    /// <summary>Takes the lock or throws <see cref="ReindexInProgressException"/> naming the holder.</summary>
    public static ReindexLock Acquire(string dataDirectory, string holder)
    {
        Directory.CreateDirectory(dataDirectory);
        var lockPath = Path.Combine(dataDirectory, "reindex.lock");
        var ownerPath = Path.Combine(dataDirectory, "reindex.owner");
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            var owner = File.Exists(ownerPath) ? File.ReadAllText(ownerPath).Trim() : "another process";
            throw new ReindexInProgressException(
                $"A reindex of '{dataDirectory}' is already running ({owner}). Wait for it to finish (GET /api/admin/index shows its progress) and try again.", ex);
        }

        File.WriteAllText(ownerPath, string.Create(CultureInfo.InvariantCulture, $"{holder}, pid {Environment.ProcessId}, since {DateTimeOffset.UtcNow:u}"));
        return new ReindexLock(stream, ownerPath);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_ownerPath);
        }
        catch (IOException)
        {
            // Only informational; the lock itself is what counts.
        }

        _lock.Dispose();
    }
}
