using System.ComponentModel.DataAnnotations;

namespace RagBot.Indexing;

/// <summary>Which vector store holds the chunks.</summary>
public enum VectorStoreProvider
{
    /// <summary>The embedded SQLite store in the data directory (default).</summary>
    Embedded,

    /// <summary>A Qdrant server (RagBot:VectorStore:Qdrant:Url).</summary>
    Qdrant,
}

/// <summary>The vector-store choice. Configuration: <code>"RagBot": { "VectorStore": { "Provider": "Embedded", "CollectionName": "ragbot-chunks" } }</code></summary>
public sealed class VectorStoreSettings
{
    public const string SectionName = "RagBot:VectorStore";

    public VectorStoreProvider Provider { get; set; } = VectorStoreProvider.Embedded;

    /// <summary>Name of the chunk collection.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")]
    public string CollectionName { get; set; } = "ragbot-chunks";
}
