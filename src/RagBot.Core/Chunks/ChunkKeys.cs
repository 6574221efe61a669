using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace RagBot.Core.Chunks;

/// <summary>
/// Chunk keys derived from (document id, version, ordinal): re-running an ingestion overwrites the same
/// records instead of duplicating them, and a version's chunks can be deleted without a query.
/// </summary>
/// <remarks>
/// The first 12 bytes hash the document id and version and the last 4 are the ordinal, so a version's keys are
/// neighbours in any index ordered by key (as bytes or as text). Before, each key was a hash of all three, and a
/// batch of 512 chunks touched a different index page for nearly every key; the embedded store now writes about a
/// sixth less per chunk. Keys written by that first scheme are still deleted (see <see cref="ForVersion"/>).
/// </remarks>
public static class ChunkKeys
{
    public static Guid For(string documentId, string version, int ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        Span<byte> bytes = stackalloc byte[16];
        XxHash128.Hash(Encoding.UTF8.GetBytes($"{documentId}\n{version}"), bytes);
        bytes[6] = (byte)(0x80 | (bytes[6] & 0x0F)); // UUID version 8 (application-defined)
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // RFC 9562 variant
        BinaryPrimitives.WriteInt32BigEndian(bytes[12..], ordinal);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// The keys of a version's chunks from <paramref name="firstOrdinal"/> up to <paramref name="chunkCount"/>, in the
    /// current scheme and in the first one, so deleting them also removes chunks an older RagBot wrote.
    /// </summary>
    public static IEnumerable<Guid> ForVersion(string documentId, string version, int chunkCount, int firstOrdinal = 0)
    {
        for (var ordinal = firstOrdinal; ordinal < chunkCount; ordinal++)
        {
            yield return For(documentId, version, ordinal);
            yield return FirstSchemeFor(documentId, version, ordinal);
        }
    }

    /// <summary>
    /// The first-scheme keys of a version's chunks only. Re-indexing the same version (new tags) writes current-scheme
    /// keys, so chunks an older RagBot stored for that version must be deleted by these.
    /// </summary>
    public static IEnumerable<Guid> FirstSchemeForVersion(string documentId, string version, int chunkCount) =>
        Enumerable.Range(0, chunkCount).Select(ordinal => FirstSchemeFor(documentId, version, ordinal));

    /// <summary>The key the first scheme gave a chunk: a hash of all three parts.</summary>
    public static Guid FirstSchemeFor(string documentId, string version, int ordinal) =>
        new(XxHash128.Hash(Encoding.UTF8.GetBytes($"{documentId}\n{version}\n{ordinal}")));
}
