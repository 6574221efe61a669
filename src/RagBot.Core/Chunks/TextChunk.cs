namespace RagBot.Core.Chunks;

/// <summary>A chunk produced by the chunker, before it is embedded.</summary>
public sealed record TextChunk
{
    public required int Ordinal { get; init; }

    public required string Text { get; init; }

    public string HeadingPath { get; init; } = "";

    public int PageStart { get; init; }

    public int PageEnd { get; init; }

    /// <summary>Where later pages begin inside <see cref="Text"/> (see <see cref="ChunkPageMap"/>); empty when the chunk is on one page.</summary>
    public string PageBreaks { get; init; } = "";

    public int CharStart { get; init; }

    public int CharEnd { get; init; }

    public int TokenCount { get; init; }

    /// <summary>The text that is embedded: the heading path as context, then the chunk.</summary>
    public string TextForEmbedding => HeadingPath.Length == 0 ? Text : HeadingPath + "\n\n" + Text;
}
