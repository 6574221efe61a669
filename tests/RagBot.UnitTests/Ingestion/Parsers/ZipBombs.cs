using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace RagBot.UnitTests.Ingestion.Parsers;

/// <summary>Builds hostile archives: oversized parts and directories that lie about sizes.</summary>
internal static class ZipBombs
{
    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    /// <summary>The sample DOCX with one more part added.</summary>
    public static byte[] DocxWithPart(string name, byte[] content, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var stream = new MemoryStream();
        stream.Write(SampleDocuments.Docx());
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(name, level).Open();
            entry.Write(content);
        }

        return stream.ToArray();
    }

    /// <summary>The sample DOCX with its main part replaced by <paramref name="documentXml"/>.</summary>
    public static byte[] DocxWithDocumentXml(byte[] documentXml) => ReplacePart(SampleDocuments.Docx(), "word/document.xml", documentXml);

    /// <summary>A copy of the package with one part's bytes replaced.</summary>
    public static byte[] ReplacePart(byte[] package, string name, byte[] content)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)!.Delete();
            using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
            entry.Write(content);
        }

        return stream.ToArray();
    }

    public static byte[] ReadPart(byte[] zipBytes, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        using var part = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        part.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Rewrites the uncompressed size of one entry in both its local header and the central directory.</summary>
    public static byte[] UnderstateUncompressedSize(byte[] zip, string entryName, uint declaredSize)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(entryName);
        var patched = 0;
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            var (sizeOffset, nameOffset) = signature switch
            {
                0x04034b50 => (22, 30), // local file header
                0x02014b50 => (24, 46), // central directory header
                _ => (-1, -1),
            };

            if (sizeOffset > 0 && bytes.AsSpan(i + nameOffset).StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + sizeOffset), declaredSize);
                patched++;
            }
        }

        return patched == 2 ? bytes : throw new InvalidOperationException($"Patched {patched} headers for {entryName}, expected 2.");
    }
}
