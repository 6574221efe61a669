using System.IO.Compression;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Refuses zip bombs before a DOCX is opened: checks the declared sizes and compression ratios in the archive's
/// directory, then inflates every part once while counting, so a directory that lies about sizes is caught too.
/// The work is bounded by the size cap, never by what the archive claims.
/// </summary>
internal static class DocxPackageGuard
{
    private const long RatioCheckThreshold = 1024 * 1024;

    public static void Check(byte[] bytes, DocumentParsingOptions options, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        long declaredTotal = 0;
        foreach (var entry in zip.Entries)
        {
            declaredTotal += entry.Length;
            if (declaredTotal > options.MaxDocxUncompressedBytes)
            {
                throw TooBig(options);
            }

            var ratio = entry.CompressedLength == 0 ? double.PositiveInfinity : (double)entry.Length / entry.CompressedLength;
            if (entry.Length > RatioCheckThreshold && ratio > options.MaxDocxCompressionRatio)
            {
                throw ParserFailure.Unreadable(
                    $"The DOCX part '{Printable(entry.FullName)}' is compressed {ratio:0}:1, more than the allowed {options.MaxDocxCompressionRatio}:1 " +
                    "(RagBot:Ingestion:Parsing:MaxDocxCompressionRatio); it looks like a zip bomb and was not opened.");
            }
        }

        var buffer = new byte[81920];
        long actualTotal = 0;
        foreach (var entry in zip.Entries)
        {
            using var part = entry.Open();
            long partBytes = 0;
            int read;
            while ((read = part.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                partBytes += read;
                actualTotal += read;
                if (partBytes > entry.Length)
                {
                    throw ParserFailure.Unreadable(
                        $"The DOCX part '{Printable(entry.FullName)}' holds more data than its archive directory declares; the file is damaged or crafted and was not opened.");
                }

                if (actualTotal > options.MaxDocxUncompressedBytes)
                {
                    throw TooBig(options);
                }
            }
        }
    }

    private static Exception TooBig(DocumentParsingOptions options) =>
        ParserFailure.Unreadable(
            $"The DOCX unpacks to more than {options.MaxDocxUncompressedBytes / (1024 * 1024.0):0.#} MB " +
            "(RagBot:Ingestion:Parsing:MaxDocxUncompressedBytes); it looks like a zip bomb and was not opened.");

    private static string Printable(string name) => new(name.Where(c => !char.IsControl(c)).Take(100).ToArray());
}
