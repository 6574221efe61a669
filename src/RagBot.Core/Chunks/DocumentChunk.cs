namespace RagBot.Core.Chunks;

/// <summary>
/// The vector-store record for one chunk of a document. Its schema is described at run time by
/// <see cref="DocumentChunkDefinition"/> so the vector dimension follows the configured embedder.
/// </summary>
public sealed class DocumentChunk
{
    public Guid Id { get; set; }

    /// <summary>The stable id of the document the chunk belongs to.</summary>
    public string DocumentId { get; set; } = "";

    /// <summary>The SHA-256 of the document bytes that produced this chunk (readers only see the current version).</summary>
    public string DocumentVersion { get; set; } = "";

    /// <summary>The document's source name (file name or URL) shown in citations.</summary>
    public string Source { get; set; } = "";

    public int Ordinal { get; set; }

    /// <summary>Headings above the chunk joined by " > " (empty when the chunk is not under a heading).</summary>
    public string HeadingPath { get; set; } = "";

    /// <summary>First page of the chunk (1-based), or 0 when the format has no pages.</summary>
    public int PageStart { get; set; }

    /// <summary>Last page of the chunk (1-based), or 0 when the format has no pages.</summary>
    public int PageEnd { get; set; }

    /// <summary>
    /// Where each page after <see cref="PageStart"/> begins inside <see cref="Text"/>, in <see cref="ChunkPageMap"/> form,
    /// so a citation can name the page of the very sentence it quotes. Null in chunks indexed before it existed.
    /// </summary>
    public string? PageBreaks { get; set; }

    /// <summary>Character offset of the chunk's start in the document's extracted text.</summary>
    public int CharStart { get; set; }

    public int CharEnd { get; set; }

    /// <summary>The chunk text (the keyword index covers it).</summary>
    public string Text { get; set; } = "";

    /// <summary>Tags in <c>key:value</c> form, copied from the document.</summary>
    public List<string> Tags { get; set; } = [];

    public ReadOnlyMemory<float> Embedding { get; set; }
}
