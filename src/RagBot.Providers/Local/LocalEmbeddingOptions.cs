using System.ComponentModel.DataAnnotations;

namespace RagBot.Providers.Local;

/// <summary>
/// Parameters of the weight-free hashing embedder. Every value is part of the model id, so changing one
/// makes RagBot ask for a reindex instead of mixing incompatible vectors.
/// </summary>
public sealed class LocalEmbeddingOptions
{
    public const string SectionName = "RagBot:Embeddings:Local";

    /// <summary>How words are reduced to stems before hashing: Porter (as the keyword index) or the lighter suffix stripper.</summary>
    public EmbeddingStemmer Stemmer { get; set; } = EmbeddingStemmer.Porter;

    /// <summary>Length of the vectors (hash buckets).</summary>
    [Range(64, 8192)]
    public int Dimensions { get; set; } = 768;

    /// <summary>Share of the vector given to whole (stemmed) words.</summary>
    [Range(0.0, 10.0)]
    public double WordWeight { get; set; } = 1.0;

    /// <summary>Share of the vector given to pairs of adjacent words.</summary>
    [Range(0.0, 10.0)]
    public double BigramWeight { get; set; }

    /// <summary>Share of the vector given to character n-grams of words (subwords: typos, compounds, inflections).</summary>
    [Range(0.0, 10.0)]
    public double CharNGramWeight { get; set; } = 1.0;

    [Range(2, 8)]
    public int CharNGramMin { get; set; } = 3;

    [Range(2, 8)]
    public int CharNGramMax { get; set; } = 5;

    /// <summary>
    /// The model id recorded with the index: changes whenever a parameter changes. v1 is the light stemmer (the
    /// id indexes built before the Porter stemmer carry), v2 the Porter stemmer.
    /// </summary>
    public string ModelId => FormattableString.Invariant(
        $"ragbot-hash-{(Stemmer == EmbeddingStemmer.Light ? "v1" : "v2")}-d{Dimensions}-w{WordWeight:0.###}-b{BigramWeight:0.###}-c{CharNGramWeight:0.###}-n{CharNGramMin}{CharNGramMax}");
}
