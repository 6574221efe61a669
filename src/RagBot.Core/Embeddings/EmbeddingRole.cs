namespace RagBot.Core.Embeddings;

/// <summary>
/// What a text is embedded as. Asymmetric retrieval models (arctic-embed, e5, bge) expect a question and a
/// passage to be written differently (an instruction prefix on one side), so every caller says which it embeds.
/// </summary>
public enum EmbeddingRole
{
    /// <summary>A stored text: a chunk, a sentence an answer may quote.</summary>
    Passage,

    /// <summary>A question or search query.</summary>
    Query,
}
