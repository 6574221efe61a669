namespace RagBot.AppState.PostgreSql;

/// <summary>
/// The PostgreSQL app-state schema, one migration per version (append only; never edit a shipped one). The tables
/// mirror the SQLite ones, with real time stamps, plus what several replicas need: job leases, originals, and
/// who holds the reindex lock.
/// </summary>
internal static class PostgreSqlAppStateSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE documents (
            id text PRIMARY KEY,
            source text NOT NULL,
            content_type text NOT NULL,
            sha256 text NOT NULL,
            size_bytes bigint NOT NULL,
            tags text NOT NULL,
            chunk_count integer NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX documents_by_sha256 ON documents (sha256);
        CREATE TABLE chat_sessions (
            id text PRIMARY KEY,
            owner text NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE TABLE chat_turns (
            session_id text NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
            turn integer NOT NULL,
            question text NOT NULL,
            standalone_query text NOT NULL,
            answer text NOT NULL,
            mode text NOT NULL,
            citations text NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (session_id, turn)
        );
        CREATE TABLE index_generations (
            id bigint PRIMARY KEY,
            collection_name text NOT NULL UNIQUE,
            embedder_model_id text NOT NULL,
            dimensions integer NOT NULL,
            chunking_fingerprint text NOT NULL,
            status text NOT NULL CHECK (status IN ('building', 'active', 'retired')),
            created_at timestamptz NOT NULL,
            activated_at timestamptz NULL,
            retired_at timestamptz NULL
        );
        CREATE UNIQUE INDEX index_generations_one_active ON index_generations (status) WHERE status = 'active';
        CREATE UNIQUE INDEX index_generations_one_building ON index_generations (status) WHERE status = 'building';
        CREATE TABLE index_generation_documents (
            generation_id bigint NOT NULL REFERENCES index_generations (id) ON DELETE CASCADE,
            document_id text NOT NULL,
            sha256 text NOT NULL,
            chunk_count integer NOT NULL,
            tags text NULL,
            PRIMARY KEY (generation_id, document_id)
        );
        CREATE TABLE jobs (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text NOT NULL UNIQUE,
            document_id text NOT NULL,
            sha256 text NOT NULL,
            source text NOT NULL,
            content_type text NOT NULL,
            tags text NOT NULL,
            status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'unchanged')),
            outcome text NULL,
            chunks_done integer NOT NULL DEFAULT 0,
            chunks_total integer NOT NULL DEFAULT 0,
            attempts integer NOT NULL DEFAULT 0,
            error_code text NULL,
            error text NULL,
            not_before timestamptz NOT NULL,
            lease_owner text NULL,
            lease_until timestamptz NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX jobs_unfinished ON jobs (seq) WHERE status IN ('queued', 'running');
        CREATE INDEX jobs_by_document ON jobs (document_id, seq);
        CREATE INDEX jobs_by_sha256 ON jobs (sha256, status);
        CREATE TABLE originals (
            sha256 text PRIMARY KEY,
            size_bytes bigint NOT NULL,
            content bytea NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE reindex_holder (
            singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
            holder text NOT NULL
        );
        """,
        """
        ALTER TABLE jobs ADD COLUMN warnings text NULL;
        """,
        """
        ALTER TABLE jobs ADD COLUMN stop_code text NULL, ADD COLUMN stop_error text NULL;
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
