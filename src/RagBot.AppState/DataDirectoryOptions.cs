using System.ComponentModel.DataAnnotations;

namespace RagBot.AppState;

/// <summary>Where RagBot keeps its files: the app-state database, the embedded vector store and the originals.</summary>
public sealed class DataDirectoryOptions
{
    public const string SectionName = "RagBot";

    /// <summary>The data directory (relative paths are resolved against the working directory).</summary>
    [Required]
    public string DataDirectory { get; set; } = "ragbot-data";

    public string FullPath => Path.GetFullPath(DataDirectory);
}
