namespace RagBot.Providers.Onnx;

/// <summary>
/// Everything the ONNX embedder needs to run one model: where its bytes come from, how its output is pooled, its
/// window and the instruction prefixes it was trained with. Built from a built-in model or from a user's files.
/// </summary>
/// <param name="Name">Short name used in the model id (e.g. <c>all-MiniLM-L6-v2</c>).</param>
/// <param name="Source">Where the model came from, for the generator's metadata (a file URI or a package URI).</param>
/// <param name="OpenModel">Opens the ONNX model bytes.</param>
/// <param name="OpenVocabulary">Opens the WordPiece vocab.txt.</param>
public sealed record OnnxModelDefinition(
    string Name,
    Uri Source,
    Func<Stream> OpenModel,
    Func<Stream> OpenVocabulary)
{
    public OnnxPooling Pooling { get; init; } = OnnxPooling.Mean;

    public bool Normalize { get; init; } = true;

    /// <summary>Word pieces per text including [CLS] and [SEP]: what the model reads; the rest is cut.</summary>
    public int MaxTokens { get; init; } = 256;

    public bool LowerCase { get; init; } = true;

    /// <summary>Written before every question (asymmetric retrieval models); empty for none.</summary>
    public string QueryPrefix { get; init; } = "";

    /// <summary>Written before every passage; empty for none.</summary>
    public string DocumentPrefix { get; init; } = "";

    /// <summary>The prefix for <paramref name="role"/>.</summary>
    public string PrefixFor(Core.Embeddings.EmbeddingRole role) =>
        role == Core.Embeddings.EmbeddingRole.Query ? QueryPrefix : DocumentPrefix;
}
