namespace RagBot.Core.Indexing;

/// <summary>
/// A document version a generation holds: its bytes (<paramref name="Sha256"/>), chunk count, and the tags its
/// chunks carry (null when recorded before tags were tracked, so it counts as out of date).
/// </summary>
public sealed record IndexedDocumentVersion(string Sha256, int ChunkCount, IReadOnlyList<string>? Tags);
