using System.ComponentModel.DataAnnotations;

namespace RagBot.Providers.Onnx;

/// <summary>
/// A sentence-embedding model run in-process by ONNX Runtime (<c>RagBot:Embeddings:Onnx</c>): one of the models
/// shipped in NuGet packages (<see cref="Model"/>, the default) or a user's own export (<see cref="ModelPath"/> +
/// <see cref="VocabPath"/>).
/// </summary>
public sealed class OnnxEmbeddingOptions
{
    /// <summary>The model used when neither <see cref="Model"/> nor <see cref="ModelPath"/> is set (chosen by measurement, see README "Models").</summary>
    public const OnnxBuiltInModel DefaultModel = OnnxBuiltInModel.MiniLM;

    /// <summary>A built-in model: pooling, window and prefixes come with it. Null: <see cref="DefaultModel"/> unless <see cref="ModelPath"/> is set.</summary>
    public OnnxBuiltInModel? Model { get; set; }

    /// <summary>Path of a user's model.onnx (inputs input_ids, attention_mask[, token_type_ids]; output last_hidden_state).</summary>
    public string? ModelPath { get; set; }

    /// <summary>Path of that model's WordPiece vocab.txt (required with <see cref="ModelPath"/>).</summary>
    public string? VocabPath { get; set; }

    /// <summary>A user's model: Mean (all-MiniLM-L6-v2) or Cls (bge, arctic-embed). Built-in models bring their own.</summary>
    public OnnxPooling Pooling { get; set; } = OnnxPooling.Mean;

    /// <summary>A user's model: scale each vector to unit length.</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Word pieces per text including [CLS] and [SEP]; longer texts are cut. Null: the built-in model's window, 256 for a user's model.</summary>
    [Range(4, 8192)]
    public int? MaxTokens { get; set; }

    /// <summary>Texts per ONNX Runtime call (texts are sorted by length first, so each call pads little).</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 16;

    /// <summary>A user's model: lower-case text before WordPiece (true for uncased models).</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>Written before every question, e.g. <c>query: </c> for e5. Null: the built-in model's (empty for a user's model).</summary>
    public string? QueryPrefix { get; set; }

    /// <summary>Written before every passage, e.g. <c>passage: </c> for e5. Null: the built-in model's (empty for a user's model).</summary>
    public string? DocumentPrefix { get; set; }

    /// <summary>
    /// While chat requests run the model, each slice of an ingestion batch (4 passages) is followed by a pause this
    /// many times as long as the slice took, so ingestion gets at most 1 / (1 + this) of the time and the chats the
    /// rest. 0: no pause (ingestion and chats share the cores evenly). Chosen by measurement (load bench; docs/guide/providers.md, "Chats first").
    /// </summary>
    [Range(0.0, 100.0)]
    public double IngestionYield { get; set; } = 2.0;

    /// <summary>Threads ONNX Runtime uses inside one call. Null: one per core.</summary>
    [Range(1, 256)]
    public int? IntraOpThreads { get; set; }

    /// <summary>
    /// How far ONNX Runtime rewrites the model graph when it loads it (operator fusion for attention, GELU and layer
    /// normalisation at <c>All</c>). Measured with <c>bench embed</c> (docs/guide/providers.md).
    /// </summary>
    public OnnxGraphOptimization GraphOptimization { get; set; } = OnnxGraphOptimization.All;

    /// <summary>
    /// ONNX Runtime's CPU memory arena, which reuses tensor buffers between runs; RagBot shrinks it when the process
    /// goes idle (<c>RagBot:Memory:IdleTrimSeconds</c>) so it does not keep the largest batch's buffers for ever.
    /// Off: every tensor is its own malloc (measured at half the passage throughput; docs/guide/memory.md).
    /// </summary>
    public bool CpuMemoryArena { get; set; } = true;

    /// <summary>
    /// ONNX Runtime's memory pattern: plans one block per input shape from the first run of that shape. Off by
    /// default: batch shapes vary, and it kept more memory resident for no measured speed (docs/guide/memory.md).
    /// </summary>
    public bool MemoryPattern { get; set; }

    /// <summary>The vector length, when the model file does not declare it. Null: read from the model.</summary>
    public int? Dimensions { get; set; }

    /// <summary>
    /// The model id recorded with the index. Null: derived from the model, pooling, normalization, window and
    /// prefixes, so changing any of them asks for a reindex.
    /// </summary>
    public string? ModelId { get; set; }
}
