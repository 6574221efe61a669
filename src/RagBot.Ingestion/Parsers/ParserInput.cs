namespace RagBot.Ingestion.Parsers;

/// <summary>Reads a parser's input stream into memory; the upload size limit is enforced before parsing.</summary>
internal static class ParserInput
{
    public static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content is MemoryStream memory && memory.Position == 0)
        {
            return memory.ToArray();
        }

        using var buffer = content.CanSeek && content.Length - content.Position < int.MaxValue
            ? new MemoryStream((int)(content.Length - content.Position))
            : new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
