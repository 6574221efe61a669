using System.ComponentModel.DataAnnotations;

namespace RagBot.Indexing;

/// <summary>Reindex settings. Configuration: <code>"RagBot": { "Reindex": { "RetireDelaySeconds": 2, "Automatic": true } }</code></summary>
public sealed class ReindexOptions
{
    public const string SectionName = "RagBot:Reindex";

    /// <summary>
    /// Seconds between switching to the new generation and dropping the old collection, so searches that
    /// opened the old one just before the switch finish on it.
    /// </summary>
    [Range(0, 3600)]
    public double RetireDelaySeconds { get; set; } = 2;

    /// <summary>
    /// When the configured embedder differs from the one that built the active index, a long-running host (the
    /// API) starts the reindex by itself and serves from the old generation meanwhile. Off: chat still serves the
    /// old generation, and the operator runs <c>ragbot reindex</c> or <c>POST /api/admin/reindex</c>.
    /// </summary>
    public bool Automatic { get; set; } = true;
}
