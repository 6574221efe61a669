using System.IO.Compression;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Refuses zip bombs before an Office Open XML package (DOCX, PPTX, XLSX) is opened, from the sizes in the archive's central directory alone.
/// The declared sizes can be trusted as an upper bound: System.IO.Compression (which OpenXml reads through)
/// never inflates an entry past its declared uncompressed size, so a directory that understates a part only
/// truncates that part. A unit test pins this assumption.
/// </summary>
internal static class OfficePackageGuard
{
    /// <summary>Small parts are left out of the ratio check: a tiny, very repetitive XML part is normal.</summary>
    private const long RatioCheckThreshold = 1024 * 1024;

    public static void Check(byte[] bytes, DocumentParsingOptions options, string format)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            if (total > options.MaxDocxUncompressedBytes)
            {
                throw ParserFailure.Unreadable(
                    $"The {format} unpacks to more than {options.MaxDocxUncompressedBytes / (1024 * 1024.0):0.#} MB " +
                    "(RagBot:Ingestion:Parsing:MaxDocxUncompressedBytes); it looks like a zip bomb and was not opened.");
            }

            var ratio = entry.CompressedLength == 0 ? double.PositiveInfinity : (double)entry.Length / entry.CompressedLength;
            if (entry.Length > RatioCheckThreshold && ratio > options.MaxDocxCompressionRatio)
            {
                throw ParserFailure.Unreadable(
                    $"The {format} part '{Printable(entry.FullName)}' is compressed {ratio:0}:1, more than the allowed {options.MaxDocxCompressionRatio}:1 " +
                    "(RagBot:Ingestion:Parsing:MaxDocxCompressionRatio); it looks like a zip bomb and was not opened.");
            }
        }
    }

    private static string Printable(string name) => new(name.Where(c => !char.IsControl(c)).Take(100).ToArray());
}
