using System.ComponentModel.DataAnnotations;

namespace RagBot.VectorData.Qdrant;

/// <summary>BM25 parameters (bound from <c>RagBot:VectorStore:Qdrant:Bm25</c>). IDF is applied by Qdrant (<c>modifier: idf</c>).</summary>
public sealed class Bm25Options
{
    /// <summary>Term-frequency saturation.</summary>
    [Range(0.0, 10.0, ErrorMessage = "RagBot:VectorStore:Qdrant:Bm25:K1 must be between 0 and 10.")]
    public double K1 { get; set; } = 1.2;

    /// <summary>Strength of document-length normalization (0 = none, 1 = full).</summary>
    [Range(0.0, 1.0, ErrorMessage = "RagBot:VectorStore:Qdrant:Bm25:B must be between 0 and 1.")]
    public double B { get; set; } = 0.75;

    /// <summary>Average document length in tokens; chunks are sized by the chunker, so a constant is a good estimate.</summary>
    [Range(1.0, 1_000_000.0, ErrorMessage = "RagBot:VectorStore:Qdrant:Bm25:AverageDocumentLength must be at least 1.")]
    public double AverageDocumentLength { get; set; } = 256;
}
