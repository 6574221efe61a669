using System.IO.Compression;
using RagBot.Core.Errors;

namespace RagBot.Ingestion.ContentTypes;

/// <summary>
/// Decides a document's content type from its file name and refuses files whose bytes disagree with that name.
/// The file name is only ever used for its extension, never as a path.
/// </summary>
public sealed class ContentTypeDetector
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs to decide; more are ignored.</summary>
    public const int SniffLength = 8192;

    private const int MaxNameInMessage = 80;

    /// <summary>The content type named by the file's extension.</summary>
    /// <exception cref="IngestionRejectedException">The extension is missing or not supported (UnsupportedType).</exception>
    public string GetContentTypeFromName(string fileName)
    {
        var extension = GetExtension(fileName);
        if (extension.Length > 0 && DocumentContentTypes.ByExtension.TryGetValue(extension, out var contentType))
        {
            return contentType;
        }

        var named = extension.Length == 0 ? $"'{Shorten(fileName)}' has no file extension" : $"'{extension}' files are not supported";
        throw new IngestionRejectedException(
            RejectionReason.UnsupportedType,
            $"{named}. Supported extensions: {string.Join(", ", DocumentContentTypes.ByExtension.Keys.Order(StringComparer.Ordinal))}.");
    }

    /// <summary>
    /// Checks the first bytes of a file (up to <see cref="SniffLength"/>) against its name and returns its content type.
    /// An Office file (DOCX, PPTX, XLSX) is only checked for the ZIP signature here; <see cref="DetectAsync"/> also looks inside the archive.
    /// </summary>
    /// <remarks>Pass <c>isWholeFile: true</c> when the bytes are the entire file, so a cut-off character at the end is an error.</remarks>
    /// <exception cref="IngestionRejectedException">Empty, unknown extension or bytes that do not match it.</exception>
    public string Detect(string fileName, ReadOnlySpan<byte> leadingBytes, bool isWholeFile = false)
    {
        var contentType = GetContentTypeFromName(fileName);
        var head = leadingBytes[..Math.Min(leadingBytes.Length, SniffLength)];
        isWholeFile &= leadingBytes.Length <= SniffLength;
        if (head.IsEmpty)
        {
            throw new IngestionRejectedException(RejectionReason.Empty, $"The file '{Shorten(fileName)}' is empty.");
        }

        var matches = contentType switch
        {
            DocumentContentTypes.Pdf => ByteSignatures.HasPdfHeader(head),
            DocumentContentTypes.Docx or DocumentContentTypes.Pptx or DocumentContentTypes.Xlsx => ByteSignatures.IsZip(head),
            _ => ByteSignatures.WhyNotText(head, isWholeFile) is null,
        };

        if (!matches)
        {
            throw Mismatch(fileName, contentType, ByteSignatures.Describe(head, isWholeFile));
        }

        return contentType;
    }

    /// <summary>
    /// Like <see cref="Detect"/>, reading the leading bytes from <paramref name="content"/>; when the stream can seek,
    /// an Office file is also checked to contain its main part (<c>word/document.xml</c>, <c>ppt/presentation.xml</c>, <c>xl/workbook.xml</c>). The stream is returned to where it started.
    /// </summary>
    public async Task<string> DetectAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var start = content.CanSeek ? content.Position : 0;
        var head = new byte[SniffLength + 1];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var isWholeFile = read <= SniffLength;
        var contentType = Detect(fileName, head.AsSpan(0, Math.Min(read, SniffLength)), isWholeFile);
        if (!content.CanSeek)
        {
            return contentType;
        }

        content.Position = start;
        if (DocumentContentTypes.OfficeMainParts.TryGetValue(contentType, out var mainPart) && !ContainsPart(content, mainPart))
        {
            content.Position = start;
            throw Mismatch(fileName, contentType, $"a ZIP archive without {mainPart}, so not that kind of Office file");
        }

        content.Position = start;
        return contentType;
    }

    private static bool ContainsPart(Stream content, string part)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            return zip.GetEntry(part) is not null;
        }
        catch (InvalidDataException)
        {
            // A damaged archive still carries the ZIP signature; the parser reports it as unreadable.
            return true;
        }
    }

    private static IngestionRejectedException Mismatch(string fileName, string contentType, string looksLike) =>
        new(
            RejectionReason.UnsupportedType,
            $"The file '{Shorten(fileName)}' is named as {contentType} ('{GetExtension(fileName)}') but its bytes look like {looksLike}. " +
            "Rename it to match its real format or upload the right file.");

    /// <summary>The extension of the last segment of <paramref name="fileName"/>, with its dot; never touches the file system.</summary>
    private static string GetExtension(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = fileName.AsSpan(fileName.LastIndexOfAny(['/', '\\']) + 1).TrimEnd(" .");
        var dot = name.LastIndexOf('.');
        return dot < 0 ? string.Empty : name[dot..].ToString().ToLowerInvariant();
    }

    private static string Shorten(string fileName)
    {
        var printable = new string(fileName.Where(c => !char.IsControl(c)).Take(MaxNameInMessage + 1).ToArray());
        return printable.Length > MaxNameInMessage ? printable[..MaxNameInMessage] + "..." : printable;
    }
}
