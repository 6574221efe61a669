namespace RagBot.Indexing;

/// <summary>What indexing one document version produced: its chunk count and what the parser could not read (e.g. scanned pages).</summary>
public sealed record IndexedVersion(int ChunkCount, IReadOnlyList<string> Warnings);
