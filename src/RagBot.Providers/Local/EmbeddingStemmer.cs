namespace RagBot.Providers.Local;

/// <summary>The stemmer the local hashing embedder applies to words before hashing them.</summary>
public enum EmbeddingStemmer
{
    /// <summary>Porter (1980), the same stems as the keyword index's FTS5 porter tokenizer.</summary>
    Porter,

    /// <summary>The conservative <see cref="RagBot.Core.Text.LightStemmer"/> (embedder v1).</summary>
    Light,
}
