namespace RagBot.Ingestion.Parsers;

/// <summary>Reads a parser's input stream into memory; the upload size limit is enforced before parsing.</summary>
internal static class ParserInput
{
    public static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content is MemoryStream memory && memory.Position == 0)
        {
            // Parsers only read: a stream over a whole array (see ContentStream) hands that array over without a copy.
            return memory.TryGetBuffer(out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length ? whole.Array : memory.ToArray();
        }

        using var buffer = content.CanSeek && content.Length - content.Position < int.MaxValue
            ? new MemoryStream((int)(content.Length - content.Position))
            : new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
