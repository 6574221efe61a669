using System.Globalization;
using Microsoft.Extensions.Options;
using RagBot.Core.Indexing;

namespace RagBot.AppState;

/// <summary>
/// The one-reindex-at-a-time rule for a data directory, across processes: an exclusive lock on
/// <c>reindex.lock</c> (released by the OS if the holder dies, so a crash never leaves it stuck). Who holds
/// it is written beside it in <c>reindex.owner</c>, for the message the next caller sees.
/// </summary>
public sealed class FileReindexLock : IReindexLockProvider
{
    private readonly string _dataDirectory;

    public FileReindexLock(IOptions<DataDirectoryOptions> dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        _dataDirectory = dataDirectory.Value.FullPath;
    }

    public IDisposable? TryAcquire(string holder, out string heldBy)
    {
        Directory.CreateDirectory(_dataDirectory);
        var lockPath = Path.Combine(_dataDirectory, "reindex.lock");
        var ownerPath = Path.Combine(_dataDirectory, "reindex.owner");
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var owner = File.Exists(ownerPath) ? File.ReadAllText(ownerPath).Trim() : "another process";
            heldBy = owner;
            return null;
        }

        File.WriteAllText(ownerPath, string.Create(CultureInfo.InvariantCulture, $"{holder}, pid {Environment.ProcessId}, since {DateTimeOffset.UtcNow:u}"));
        heldBy = holder;
        return new Held(stream, ownerPath);
    }

    private sealed class Held(FileStream lockStream, string ownerPath) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                File.Delete(ownerPath);
            }
            catch (IOException)
            {
                // Only informational; the lock itself is what counts.
            }

            lockStream.Dispose();
        }
    }
}
