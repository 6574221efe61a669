using RagBot.Core.Documents;
using RagBot.Core.Indexing;

namespace RagBot.Indexing;

/// <summary>
/// One document version of a batch commit: its bytes, and what the index held for the document before (null when
/// nothing), whose chunks the commit retires.
/// </summary>
public sealed record VersionToCommit(DocumentVersion Version, ReadOnlyMemory<byte> Content, IndexedDocumentVersion? Previous);
