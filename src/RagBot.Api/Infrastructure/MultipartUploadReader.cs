using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using RagBot.Core.Errors;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// Reads an upload form from the request stream section by section, counting the file's bytes as they
/// arrive, so an oversized upload is refused (413) without buffering it. The client's file name is kept
/// only as a display name: its directory part is dropped and it is never used as a path.
/// </summary>
internal static class MultipartUploadReader
{
    private const int MaxFieldBytes = 4096;
    private const int MaxTags = 50;

    public static async Task<UploadForm> ReadAsync(HttpRequest request, long maxFileBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("Send the document as multipart/form-data with the file in a field named 'file'.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            throw Invalid("The multipart/form-data content type has no valid boundary.");
        }

        if (request.ContentLength > maxFileBytes + (1024 * 1024))
        {
            throw TooLarge(maxFileBytes);
        }

        try
        {
            return await ReadSectionsAsync(new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 }, maxFileBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw Invalid("The multipart body is malformed: " + ex.Message);
        }
    }

    private static async Task<UploadForm> ReadSectionsAsync(MultipartReader reader, long maxFileBytes, CancellationToken cancellationToken)
    {
        string? fileName = null;
        byte[]? content = null;
        string? documentId = null;
        var tags = new List<string>();
        while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("Every multipart section needs a 'Content-Disposition: form-data' header.");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (disposition.IsFileDisposition() && name == "file")
            {
                if (content is not null)
                {
                    throw Invalid("Send one file per upload.");
                }

                fileName = DisplayName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                content = await ReadLimitedAsync(section.Body, maxFileBytes, TooLarge(maxFileBytes), cancellationToken).ConfigureAwait(false);
            }
            else if (name is "documentId" or "tags" or "tag")
            {
                var value = Encoding.UTF8.GetString(await ReadLimitedAsync(section.Body, MaxFieldBytes, Invalid($"The '{name}' field is longer than {MaxFieldBytes} bytes."), cancellationToken).ConfigureAwait(false)).Trim();
                if (name == "documentId")
                {
                    documentId = value.Length == 0 ? null : value;
                }
                else if (value.Length > 0)
                {
                    tags.Add(value);
                }
            }
            else
            {
                await section.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }
        }

        if (content is null || fileName is null)
        {
            throw Invalid("Add the document in a form field named 'file' (with a file name).");
        }

        return tags.Count > MaxTags ? throw Invalid($"Send at most {MaxTags} tags.") : new UploadForm(fileName, content, documentId, tags);
    }

    /// <summary>
    /// Reads into pooled 80 KB pieces, then copies them once into an array of the exact size: a growing MemoryStream
    /// held up to three times the file at its peak (doubling capacity, then the final copy), all on the large object heap.
    /// </summary>
    private static async Task<byte[]> ReadLimitedAsync(Stream body, long limit, Exception whenOver, CancellationToken cancellationToken)
    {
        const int PieceBytes = 81920;
        var pieces = new List<(byte[] Buffer, int Length)>();
        long total = 0;
        try
        {
            while (true)
            {
                var piece = ArrayPool<byte>.Shared.Rent(PieceBytes);
                pieces.Add((piece, 0));
                var filled = 0;
                int read;
                while (filled < PieceBytes && (read = await body.ReadAsync(piece.AsMemory(filled, PieceBytes - filled), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                    if (total + filled > limit)
                    {
                        throw whenOver;
                    }
                }

                pieces[^1] = (piece, filled);
                total += filled;
                if (filled < PieceBytes)
                {
                    break;
                }
            }

            var content = new byte[total];
            var offset = 0;
            foreach (var (buffer, length) in pieces)
            {
                buffer.AsSpan(0, length).CopyTo(content.AsSpan(offset));
                offset += length;
            }

            return content;
        }
        finally
        {
            foreach (var (buffer, _) in pieces)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static string DisplayName(string? clientName)
    {
        var name = Path.GetFileName((clientName ?? "").Replace('\\', '/')).Trim();
        if (name.Length == 0 || name.Length > 255 || name.Any(char.IsControl))
        {
            throw Invalid("The uploaded file needs a file name of 1 to 255 characters, such as 'guide.md'.");
        }

        return name;
    }

    private static IngestionRejectedException Invalid(string message) => new(RejectionReason.InvalidRequest, message);

    private static IngestionRejectedException TooLarge(long limit) =>
        new(RejectionReason.TooLarge, $"The upload is larger than the limit of {limit} bytes (setting RagBot:Ingestion:MaxUploadBytes).");
}
