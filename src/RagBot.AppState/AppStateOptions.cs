namespace RagBot.AppState;

/// <summary>Which database holds the app state (documents, jobs, sessions, index generations).</summary>
public sealed class AppStateOptions
{
    public const string SectionName = "RagBot:AppState";

    /// <summary><see cref="AppStateProvider.Sqlite"/> (default, one process per data directory) or <see cref="AppStateProvider.PostgreSql"/> (several replicas).</summary>
    public AppStateProvider Provider { get; set; } = AppStateProvider.Sqlite;
}
