namespace RagBot.Chat;

/// <summary>How an answer's sources were found, when not the usual way (said in the answer so nobody is misled).</summary>
public static class RetrievalLabels
{
    /// <summary>By BM25 keywords alone, from the previous index generation, while an upgrade's reindex runs.</summary>
    public const string KeywordOnly = "keyword-only";
}
