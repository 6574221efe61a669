using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace RagBot.Providers.Onnx;

/// <summary>
/// Reads a manifest resource from its assembly's file instead of through <see cref="Assembly.GetManifestResourceStream(string)"/>.
/// The runtime maps assemblies into memory, so reading an 83 MB model through the mapping leaves 83 MB of file pages
/// resident in the process for its whole life (they count in its RSS and in a container's limit until the kernel
/// needs them back); a plain file read goes through the page cache only (measured: docs/guide/memory.md).
/// </summary>
internal static class ManifestResourceFile
{
    /// <summary>
    /// The resource's bytes, or null when the assembly has no file (single-file bundle), no such embedded resource,
    /// or a file this reader cannot follow (the caller then reads through the runtime, as before).
    /// </summary>
    public static byte[]? TryRead(Assembly assembly, string name)
    {
        try
        {
            return Read(assembly, name);
        }
        catch (Exception ex) when (ex is BadImageFormatException or IOException or InvalidOperationException or EndOfStreamException or OverflowException)
        {
            return null;
        }
    }

    private static byte[]? Read(Assembly assembly, string name)
    {
        var path = assembly.Location;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return null;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        long start;
        using (var pe = new PEReader(file, PEStreamOptions.LeaveOpen))
        {
            var resources = pe.PEHeaders.CorHeader?.ResourcesDirectory;
            if (resources is null || !pe.PEHeaders.TryGetDirectoryOffset(resources.Value, out var directoryOffset) || Find(pe.GetMetadataReader(), name) is not { } offset)
            {
                return null;
            }

            start = directoryOffset + offset;
        }

        // Each resource in the directory is its length (4 bytes, little-endian) followed by its bytes.
        Span<byte> header = stackalloc byte[4];
        file.Position = start;
        file.ReadExactly(header);
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(header)));
        file.ReadExactly(bytes);
        return bytes;
    }

    private static long? Find(MetadataReader metadata, string name)
    {
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            // A nil implementation means the resource is embedded in this file (not linked or in another assembly).
            if (resource.Implementation.IsNil && metadata.StringComparer.Equals(resource.Name, name))
            {
                return resource.Offset;
            }
        }

        return null;
    }
}
