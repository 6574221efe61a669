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
        """
        CREATE TABLE index_generations (
            id INTEGER PRIMARY KEY,
            collection_name TEXT NOT NULL UNIQUE,
            embedder_model_id TEXT NOT NULL,
            dimensions INTEGER NOT NULL,
            chunking_fingerprint TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('building', 'active', 'retired')),
            created_at TEXT NOT NULL,
            activated_at TEXT,
            retired_at TEXT
        );
        CREATE UNIQUE INDEX index_generations_one_active ON index_generations (status) WHERE status = 'active';
        CREATE UNIQUE INDEX index_generations_one_building ON index_generations (status) WHERE status = 'building';
        CREATE TABLE index_generation_documents (
            generation_id INTEGER NOT NULL REFERENCES index_generations (id) ON DELETE CASCADE,
            document_id TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            chunk_count INTEGER NOT NULL,
            PRIMARY KEY (generation_id, document_id)
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
        """
        ALTER TABLE index_generation_documents ADD COLUMN tags TEXT NULL;
        """,
        """
        ALTER TABLE jobs ADD COLUMN warnings TEXT NULL;
        """,
        // Session ids became per owner (OwnedChatSessions): existing sessions move to their owner's namespace
        // ("<owner>/<id>"), so their ids keep working after an upgrade. Owners are key names, which the API restricts
        // to [A-Za-z0-9_.-] at start, so the escaped form OwnedChatSessions.StorageId writes is the same text.
        """
        INSERT INTO chat_sessions (id, owner, created_at, updated_at)
            SELECT coalesce(owner, '') || '/' || id, owner, created_at, updated_at FROM chat_sessions WHERE id NOT LIKE '%/%';
        UPDATE chat_turns SET session_id = (SELECT coalesce(s.owner, '') || '/' || s.id FROM chat_sessions s WHERE s.id = chat_turns.session_id)
            WHERE session_id NOT LIKE '%/%';
        DELETE FROM chat_sessions WHERE id NOT LIKE '%/%';
        """,
    ];

    public static int Version => Migrations.Length;
}
