using System.IO.Hashing;
using System.Text;

namespace RagBot.Core.Chunks;

/// <summary>
/// Chunk keys derived from (document id, version, ordinal): re-running an ingestion overwrites the same
/// records instead of duplicating them, and a version's chunks can be deleted without a query.
/// </summary>
public static class ChunkKeys
{
    public static Guid For(string documentId, string version, int ordinal)
    {
        var hash = XxHash128.Hash(Encoding.UTF8.GetBytes($"{documentId}\n{version}\n{ordinal}"));
        return new Guid(hash);
    }

    public static IEnumerable<Guid> ForVersion(string documentId, string version, int chunkCount) =>
        Enumerable.Range(0, chunkCount).Select(ordinal => For(documentId, version, ordinal));
}
