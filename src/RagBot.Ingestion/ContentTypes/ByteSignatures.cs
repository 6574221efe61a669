using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace RagBot.Ingestion.ContentTypes;

/// <summary>Recognises what the first bytes of a file look like.</summary>
internal static class ByteSignatures
{
    /// <summary>PDF readers accept the header anywhere in the first kilobyte.</summary>
    public const int PdfHeaderWindow = 1024;

    private static readonly (byte[] Magic, string Description)[] KnownBinaries =
    [
        ("%PDF-"u8.ToArray(), "a PDF document"),
        ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (such as DOCX, XLSX or a .zip)"),
        ([0x50, 0x4B, 0x05, 0x06], "an empty ZIP archive"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an old binary Office file (.doc, .xls or .ppt)"),
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("GIF8"u8.ToArray(), "a GIF image"),
        ([0x1F, 0x8B], "a gzip archive"),
        ("{\\rtf"u8.ToArray(), "an RTF document"),
        ([0x7F, 0x45, 0x4C, 0x46], "an executable (ELF)"),
        ("MZ"u8.ToArray(), "a Windows executable"),
    ];

    public static bool IsZip(ReadOnlySpan<byte> head) => head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]);

    public static bool HasPdfHeader(ReadOnlySpan<byte> head) =>
        head[..Math.Min(head.Length, PdfHeaderWindow)].IndexOf("%PDF-"u8) >= 0;

    /// <summary>A short phrase saying what the bytes look like, for error messages.</summary>
    public static string Describe(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        if (head.IsEmpty)
        {
            return "an empty file";
        }

        foreach (var (magic, description) in KnownBinaries)
        {
            if (head.StartsWith(magic))
            {
                return description;
            }
        }

        if (HasPdfHeader(head))
        {
            return "a PDF document";
        }

        return WhyNotText(head, isWholeFile) ?? "plain text";
    }

    /// <summary>Why the bytes cannot be text, or null when they can.</summary>
    public static string? WhyNotText(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        foreach (var (magic, description) in KnownBinaries)
        {
            if (head.StartsWith(magic) && magic.Length > 2)
            {
                return description;
            }
        }

        if (HasPdfHeader(head))
        {
            return "a PDF document";
        }

        var (encoding, bomLength) = Parsers.StrictTextDecoder.DetectEncoding(head);
        var body = head[bomLength..];
        if (encoding.CodePage != Encoding.UTF8.CodePage)
        {
            return null;
        }

        if (body.IndexOf((byte)0) >= 0)
        {
            return "binary data (it contains NUL bytes)";
        }

        var chars = ArrayPool<char>.Shared.Rent(body.Length + 1);
        try
        {
            var status = Utf8.ToUtf16(body, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: isWholeFile);
            return status is OperationStatus.Done or OperationStatus.NeedMoreData
                ? null
                : "binary data or text in a legacy encoding (it is not valid UTF-8)";
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
