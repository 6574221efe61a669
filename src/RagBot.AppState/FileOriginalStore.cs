using Microsoft.Extensions.Options;
using RagBot.Core.Documents;

namespace RagBot.AppState;

/// <summary>
/// Originals as files under <c>&lt;data directory&gt;/originals/ab/abcdef…</c>, named by their SHA-256 (never by
/// the client's file name). Each is written to a temporary file, flushed, then renamed into place.
/// </summary>
/// <remarks>
/// A flush to disk waits for a journal commit of the file system (about 4 ms on this project's test machine), so
/// flushing small files one after another costs more than writing them. <see cref="SaveManyAsync"/> flushes a batch
/// from several threads at once: the file system commits concurrent flushes together (0.4 ms per file measured).
/// </remarks>
public sealed class FileOriginalStore : IOriginalStore
{
    private readonly string _root;

    public FileOriginalStore(IOptions<DataDirectoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.Combine(options.Value.FullPath, "originals");
    }

    public async Task SaveAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // Cancelled or failed mid-write: no half-written temporary file stays behind.
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Writes the files at once (small, synchronous writes) and returns a task that completes when all are flushed
    /// and in place, so a caller can overlap the wait for the disk with other work.
    /// </summary>
    public async Task SaveManyAsync(IReadOnlyList<(string Sha256, ReadOnlyMemory<byte> Content)> originals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(originals);
        var pending = new List<(string Temporary, string Path, FileStream File)>(originals.Count);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var moved = 0;
        try
        {
            foreach (var (sha256, content) in originals)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = PathOf(sha256);
                if (!paths.Add(path) || File.Exists(path))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
                var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
                pending.Add((temporary, path, file));
                file.Write(content.Span);
            }

            await ConcurrentFlush.ToDiskAsync(pending.ConvertAll(p => p.File)).ConfigureAwait(false);
            foreach (var (temporary, path, file) in pending)
            {
                await file.DisposeAsync().ConfigureAwait(false);
                File.Move(temporary, path, overwrite: true);
                moved++;
            }
        }
        finally
        {
            foreach (var (temporary, _, file) in pending.Skip(moved))
            {
                await file.DisposeAsync().ConfigureAwait(false);
                File.Delete(temporary);
            }
        }
    }

    public async Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Read in 64 KB pieces. Opened with delete sharing: a document deleted during a download ends the download's
    /// file, not the deletion (on Linux the open file stays readable until closed).
    /// </summary>
    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            Stream file = new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(file);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(sha256));
        return Task.CompletedTask;
    }

    private string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("An original is addressed by a 64-character hex SHA-256.", nameof(sha256));
        }

        var name = sha256.ToLowerInvariant();
        return Path.Combine(_root, name[..2], name);
    }
}
