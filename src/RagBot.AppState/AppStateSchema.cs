namespace RagBot.AppState;

/// <summary>The app-state schema, one migration per version (append only; never edit a shipped one).</summary>
internal static class AppStateSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            content_type TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            tags TEXT NOT NULL,
            chunk_count INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE chat_sessions (
            id TEXT PRIMARY KEY,
            owner TEXT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE chat_turns (
            session_id TEXT NOT NULL REFERENCES chat_sessions(id) ON DELETE CASCADE,
            turn INTEGER NOT NULL,
            question TEXT NOT NULL,
            standalone_query TEXT NOT NULL,
            answer TEXT NOT NULL,
            mode TEXT NOT NULL,
            citations TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (session_id, turn)
        );
        """,
    ];

    public static int Version => Migrations.Length;
}
