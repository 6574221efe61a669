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
/// neighbours in any index ordered by key (as bytes or as text): a batch of chunks touches few index pages.
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

    /// <summary>The keys of a version's chunks from <paramref name="firstOrdinal"/> up to <paramref name="chunkCount"/>.</summary>
    public static IEnumerable<Guid> ForVersion(string documentId, string version, int chunkCount, int firstOrdinal = 0)
    {
        for (var ordinal = firstOrdinal; ordinal < chunkCount; ordinal++)
        {
            yield return For(documentId, version, ordinal);
        }
    }
}
