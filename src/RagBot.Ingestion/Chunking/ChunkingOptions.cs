using System.ComponentModel.DataAnnotations;

namespace RagBot.Ingestion.Chunking;

/// <summary>How documents are cut into chunks. Changing these takes effect for new uploads and on `ragbot reindex`.</summary>
public sealed class ChunkingOptions
{
    public const string SectionName = "RagBot:Chunking";

    /// <summary>Largest chunk, in tokens of the cl100k_base tokenizer.</summary>
    [Range(32, 8192)]
    public int TargetTokens { get; set; } = 256;

    /// <summary>Tokens of the previous chunk's last sentences repeated at the start of the next one.</summary>
    [Range(0, 4096)]
    public int OverlapTokens { get; set; } = 32;

    /// <summary>A fingerprint recorded with the index so a change of settings can be detected.</summary>
    public string Fingerprint => FormattableString.Invariant($"cl100k-t{TargetTokens}-o{OverlapTokens}");
}
