using Microsoft.Extensions.Options;
using RagBot.Core.Documents;

namespace RagBot.AppState;

/// <summary>
/// Removes originals that nothing references (no document, no queued or running job): files a crash or an older
/// RagBot left behind, which no API can reach. Files younger than <see cref="Grace"/> are kept, because another
/// process sharing the data directory (an API replica, <c>ragbot ingest</c>) may have saved one and not yet
/// recorded its job or document. Empty shard folders go too.
/// </summary>
public sealed class OriginalsSweep : IOriginalsSweep
{
    /// <summary>How old an unreferenced original must be before it is removed (every provider's sweep uses it).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    private readonly string _root;
    private readonly IDocumentCatalog _catalog;
    private readonly TimeProvider _time;

    public OriginalsSweep(IOptions<DataDirectoryOptions> options, IDocumentCatalog catalog, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.Combine(options.Value.FullPath, "originals");
        _catalog = catalog;
        _time = time;
    }

    /// <summary>Deletes unreferenced originals (and temporary files) older than the grace period; returns the names of those removed.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        if (!Directory.Exists(_root))
        {
            return removed;
        }

        var cutoff = _time.GetUtcNow().UtcDateTime - Grace;
        foreach (var shard in Directory.EnumerateDirectories(_root))
        {
            foreach (var file in Directory.EnumerateFiles(shard))
            {
                var name = Path.GetFileName(file);
                if (File.GetLastWriteTimeUtc(file) > cutoff)
                {
                    continue;
                }

                // A leftover temporary file (crash mid-write) is never referenced; an original is, while in use.
                var isOriginal = name.Length == 64 && name.All(Uri.IsHexDigit);
                if (!isOriginal || !await _catalog.IsVersionInUseAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    File.Delete(file);
                    removed.Add(name);
                }
            }

            if (!Directory.EnumerateFileSystemEntries(shard).Any())
            {
                Directory.Delete(shard);
            }
        }

        return removed;
    }
}
