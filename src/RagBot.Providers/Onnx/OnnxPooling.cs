namespace RagBot.Providers.Onnx;

/// <summary>How token vectors become one sentence vector.</summary>
public enum OnnxPooling
{
    /// <summary>Average of the token vectors under the attention mask (all-MiniLM-L6-v2, most sentence-transformers).</summary>
    Mean,

    /// <summary>The [CLS] token's vector (bge-*).</summary>
    Cls,
}
