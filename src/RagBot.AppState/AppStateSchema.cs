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
        CREATE TABLE jobs (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            document_id TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            source TEXT NOT NULL,
            content_type TEXT NOT NULL,
            tags TEXT NOT NULL,
            status TEXT NOT NULL,
            outcome TEXT NULL,
            chunks_done INTEGER NOT NULL DEFAULT 0,
            chunks_total INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            error_code TEXT NULL,
            error TEXT NULL,
            not_before TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX jobs_by_status ON jobs (status, seq);
        CREATE INDEX jobs_by_document ON jobs (document_id, seq);
        CREATE INDEX jobs_by_sha256 ON jobs (sha256, status);
        """,
    ];

    public static int Version => Migrations.Length;
}
