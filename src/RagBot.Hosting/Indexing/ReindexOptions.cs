using System.ComponentModel.DataAnnotations;

namespace RagBot.Hosting.Indexing;

/// <summary>Reindex settings. Configuration: <code>"RagBot": { "Reindex": { "RetireDelaySeconds": 2 } }</code></summary>
public sealed class ReindexOptions
{
    public const string SectionName = "RagBot:Reindex";

    /// <summary>
    /// Seconds between switching to the new generation and dropping the old collection, so searches that
    /// opened the old one just before the switch finish on it.
    /// </summary>
    [Range(0, 3600)]
    public double RetireDelaySeconds { get; set; } = 2;
}
