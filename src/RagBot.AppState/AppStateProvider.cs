namespace RagBot.AppState;

/// <summary>The app-state databases RagBot can use.</summary>
public enum AppStateProvider
{
    /// <summary><c>ragbot.db</c> in the data directory: one API process (plus CLI runs) per data directory.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by several API replicas.</summary>
    PostgreSql,
}
