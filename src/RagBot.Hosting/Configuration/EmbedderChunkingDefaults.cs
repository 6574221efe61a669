using Microsoft.Extensions.Options;
using RagBot.Ingestion.Chunking;
using RagBot.Providers.Configuration;
using RagBot.Providers.Onnx;

namespace RagBot.Hosting.Configuration;

/// <summary>
/// Sizes chunks for the configured embedder's window, applied before <c>RagBot:Chunking</c> is bound so an explicit
/// setting always wins. Chunks are counted in cl100k tokens but a BERT model reads WordPiece tokens, more of them
/// for the same text (and the heading path is embedded too): a 256-token chunk overflows MiniLM's 256-piece window
/// and its tail is never embedded. Measured with <c>bench chunkfit</c> (README "Performance").
/// </summary>
internal sealed class EmbedderChunkingDefaults : IConfigureOptions<ChunkingOptions>
{
    /// <summary>cl100k tokens per chunk for a model that reads 256 word pieces (MiniLM, and custom models by default).</summary>
    public const int ShortWindowTargetTokens = 160;

    private readonly EmbeddingProviderOptions _embeddings;

    public EmbedderChunkingDefaults(IOptions<EmbeddingProviderOptions> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        _embeddings = embeddings.Value;
    }

    public void Configure(ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_embeddings.Provider != EmbeddingProviderKind.Onnx)
        {
            return;
        }

        var window = _embeddings.Onnx.MaxTokens ?? WindowOf(_embeddings.Onnx);
        if (window <= 256)
        {
            // Scaled for smaller windows; a 512-piece window (arctic) keeps ChunkingOptions' own 256.
            options.TargetTokens = Math.Max(32, ShortWindowTargetTokens * window / 256);
            options.OverlapTokens = Math.Min(options.OverlapTokens, options.TargetTokens / 4);
        }
    }

    private static int WindowOf(OnnxEmbeddingOptions onnx) =>
        onnx.Model is null && !string.IsNullOrWhiteSpace(onnx.ModelPath) ? 256 : BuiltInOnnxModels.Get(onnx.Model ?? OnnxEmbeddingOptions.DefaultModel).MaxTokens;
}
