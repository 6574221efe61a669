using Microsoft.Extensions.Options;
using RagBot.Core.Documents;

namespace RagBot.AppState;

/// <summary>
/// Originals as files under <c>&lt;data directory&gt;/originals/ab/abcdef…</c>, named by their SHA-256 (never by
/// the client's file name). Each is written to a temporary file, flushed, then renamed into place.
/// </summary>
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
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public async Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
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
