using System.Runtime.InteropServices;

namespace RagBot.Ingestion;

/// <summary>A read-only stream over uploaded bytes that reuses their array instead of copying it.</summary>
internal static class ContentStream
{
    public static MemoryStream Open(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false, publiclyVisible: true)
            : new MemoryStream(content.ToArray(), writable: false);
}
