using System.IO.Compression;
using System.Xml;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Refuses zip bombs before an Office Open XML package (DOCX, PPTX, XLSX) is opened, from the sizes in the archive's central directory alone.
/// The declared sizes can be trusted as an upper bound: System.IO.Compression (which OpenXml reads through)
/// never inflates an entry past its declared uncompressed size, so a directory that understates a part only
/// truncates that part. A unit test pins this assumption. It then refuses parts nested deeper than
/// <see cref="MaxXmlDepth"/> elements: OpenXml builds each part's element tree recursively, and a few kilobytes of
/// deflated XML nesting 100,000 elements overflowed the stack and ended the process.
/// </summary>
internal static class OfficePackageGuard
{
    /// <summary>Small parts are left out of the ratio check: a tiny, very repetitive XML part is normal.</summary>
    private const long RatioCheckThreshold = 1024 * 1024;

    /// <summary>
    /// Far deeper than documents nest (a Word paragraph's text in a table is 8 elements deep, each table nested inside
    /// adds 3, so this allows over 150 nested tables), far shallower than what overflows OpenXml's recursion.
    /// </summary>
    internal const int MaxXmlDepth = 500;

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

        foreach (var entry in zip.Entries)
        {
            if (DeepestElement(entry) > MaxXmlDepth)
            {
                throw ParserFailure.Unreadable(
                    $"The {format} part '{Printable(entry.FullName)}' nests elements more than {MaxXmlDepth} deep; Office does not write such files and it was not opened.");
            }
        }
    }

    /// <summary>
    /// The depth of the part's deepest element, read as a stream (constant stack, whatever the depth). A part that is
    /// not XML, or stops being well-formed, is measured up to where it breaks: OpenXml reads XML with the same reader and
    /// stops there too.
    /// </summary>
    private static int DeepestElement(ZipArchiveEntry entry)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        var deepest = 0;
        try
        {
            using var part = entry.Open();
            using var reader = XmlReader.Create(part, settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth + 1 > deepest)
                {
                    deepest = reader.Depth + 1;
                    if (deepest > MaxXmlDepth)
                    {
                        return deepest;
                    }
                }
            }
        }
        catch (XmlException)
        {
            // Not XML (an image) or broken here: measured up to this point.
        }
        catch (InvalidDataException)
        {
            // A damaged deflate stream: OpenXml cannot read past it either.
        }

        return deepest;
    }

    private static string Printable(string name) => new(name.Where(c => !char.IsControl(c)).Take(100).ToArray());
}
