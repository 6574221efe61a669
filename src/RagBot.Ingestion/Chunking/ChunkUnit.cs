namespace RagBot.Ingestion.Chunking;

/// <summary>The smallest piece the chunker packs: a whole section, a sentence, or a token window of a long sentence.</summary>
internal sealed record ChunkUnit(int Start, int End, int Tokens, string HeadingPath, int Page);
