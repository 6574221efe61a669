namespace RagBot.Api.Contracts;

/// <summary>Chunks embedded and stored so far, out of the document's total (0 until it is chunked).</summary>
public sealed record JobProgress(int ChunksDone, int ChunksTotal);
