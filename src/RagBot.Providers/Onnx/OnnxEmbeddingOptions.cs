using System.ComponentModel.DataAnnotations;

namespace RagBot.Providers.Onnx;

/// <summary>A local sentence-transformers model exported to ONNX (<c>RagBot:Embeddings:Onnx</c>).</summary>
public sealed class OnnxEmbeddingOptions
{
    /// <summary>Path of model.onnx (inputs input_ids, attention_mask[, token_type_ids]; output last_hidden_state). Required.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Path of the model's WordPiece vocab.txt. Required.</summary>
    public string? VocabPath { get; set; }

    /// <summary>Mean (all-MiniLM-L6-v2) or Cls (bge-small-en-v1.5).</summary>
    public OnnxPooling Pooling { get; set; } = OnnxPooling.Mean;

    /// <summary>Scale each vector to unit length (what both example models expect).</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Tokens per text including [CLS] and [SEP]; longer texts are truncated. Most BERT models allow 512.</summary>
    [Range(4, 8192)]
    public int MaxTokens { get; set; } = 256;

    /// <summary>Texts per ONNX Runtime call (padded to the longest text of the batch).</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Lower-case text before WordPiece (true for uncased models such as both examples).</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>The vector length, when the model file does not declare it. Null: read from the model.</summary>
    public int? Dimensions { get; set; }

    /// <summary>
    /// The model id recorded with the index. Null: derived from the model's folder and file name, pooling and
    /// normalization, so changing any of them asks for a reindex.
    /// </summary>
    public string? ModelId { get; set; }
}
