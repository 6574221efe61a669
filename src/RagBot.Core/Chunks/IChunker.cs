using RagBot.Core.Documents;

namespace RagBot.Core.Chunks;

/// <summary>Splits a parsed document into chunks ready for embedding.</summary>
public interface IChunker
{
    IReadOnlyList<TextChunk> Chunk(ParsedDocument document);
}
