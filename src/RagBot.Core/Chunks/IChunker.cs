using RagBot.Core.Documents;

namespace RagBot.Core.Chunks;

/// <summary>Splits a parsed document into chunks ready for embedding.</summary>
public interface IChunker
{
    IReadOnlyList<TextChunk> Chunk(ParsedDocument document);

    /// <summary>Like <see cref="Chunk(ParsedDocument)"/>, stopping with <see cref="OperationCanceledException"/> when asked (a job stopped or over its time budget).</summary>
    IReadOnlyList<TextChunk> Chunk(ParsedDocument document, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Chunk(document);
    }
}
