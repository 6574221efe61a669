namespace RagBot.Ingestion.Chunking;

/// <summary>The smallest piece the chunker packs: a whole section, a sentence, or a token window of a long sentence.</summary>
/// <remarks>A struct: a large upload has hundreds of thousands of them, all alive until its chunks are written.</remarks>
internal readonly record struct ChunkUnit(int Start, int End, int Tokens, string HeadingPath, int Page);
