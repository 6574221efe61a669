using RagBot.Core.Chat;

namespace RagBot.Retrieval;

/// <summary>
/// The relevant chunks, best first, and whether they were found by keywords only because the active index was
/// built by an embedder this process cannot run (an upgrade's reindex is still running).
/// </summary>
public sealed record RetrievalResult(IReadOnlyList<RetrievedChunk> Chunks, bool KeywordOnly);
