using System.ComponentModel.DataAnnotations;

namespace RagBot.Ingestion;

/// <summary>Limits and batch sizes of ingestion.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "RagBot:Ingestion";

    /// <summary>Largest accepted upload, in bytes (default 50 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Chunk texts sent to the embedder in one call.</summary>
    [Range(1, 4096)]
    public int EmbeddingBatchSize { get; set; } = 64;

    /// <summary>Folder ingested on first start when the store is empty (relative paths resolve against the application folder); empty to disable.</summary>
    public string SeedDirectory { get; set; } = "data";
}
