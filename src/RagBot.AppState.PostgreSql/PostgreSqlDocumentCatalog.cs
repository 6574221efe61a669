using System.Text.Json;
using Npgsql;
using RagBot.Core.Documents;
using static RagBot.AppState.PostgreSql.PostgreSqlCommands;

namespace RagBot.AppState.PostgreSql;

/// <summary>The document catalog in PostgreSQL, shared by every replica.</summary>
public sealed class PostgreSqlDocumentCatalog : IDocumentCatalog
{
    private const string Columns = "id, source, content_type, sha256, size_bytes, tags, chunk_count, created_at, updated_at";
    private readonly PostgreSqlAppStateDatabase _database;

    public PostgreSqlDocumentCatalog(PostgreSqlAppStateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task<DocumentRecord?> GetAsync(string documentId, CancellationToken cancellationToken) =>
        (await _database.QueryAsync($"SELECT {Columns} FROM documents WHERE id = @id", Read, cancellationToken, ("id", documentId)).ConfigureAwait(false))
        .FirstOrDefault();

    public async Task<IReadOnlyList<DocumentRecord>> ListAsync(CancellationToken cancellationToken) =>
        await _database.QueryAsync($"SELECT {Columns} FROM documents ORDER BY source COLLATE \"C\", id COLLATE \"C\"", Read, cancellationToken).ConfigureAwait(false);

    public Task SaveAsync(DocumentRecord document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return _database.ExecuteAsync(
            $"""
            INSERT INTO documents ({Columns}) VALUES (@id, @source, @type, @sha, @size, @tags, @chunks, @created, @updated)
            ON CONFLICT (id) DO UPDATE SET source = @source, content_type = @type, sha256 = @sha, size_bytes = @size,
                tags = @tags, chunk_count = @chunks, updated_at = @updated
            """,
            cancellationToken,
            ("id", document.Id),
            ("source", document.Source),
            ("type", document.ContentType),
            ("sha", document.Sha256),
            ("size", document.SizeBytes),
            ("tags", JsonSerializer.Serialize(document.Tags)),
            ("chunks", document.ChunkCount),
            ("created", Utc(document.CreatedAt)),
            ("updated", Utc(document.UpdatedAt)));
    }

    public async Task<bool> DeleteAsync(string documentId, CancellationToken cancellationToken) =>
        await _database.ExecuteAsync("DELETE FROM documents WHERE id = @id", cancellationToken, ("id", documentId)).ConfigureAwait(false) > 0;

    public async Task<bool> IsVersionInUseAsync(string sha256, CancellationToken cancellationToken) =>
        (await _database.QueryAsync(
            """
            SELECT EXISTS (SELECT 1 FROM documents WHERE sha256 = @sha)
                OR EXISTS (SELECT 1 FROM jobs WHERE sha256 = @sha AND status IN ('queued', 'running'))
            """,
            r => r.GetBoolean(0),
            cancellationToken,
            ("sha", sha256)).ConfigureAwait(false))[0];

    public async Task<IReadOnlyDictionary<string, string>> GetCurrentVersionsAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        if (documentIds.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var rows = await _database.QueryAsync(
            "SELECT id, sha256 FROM documents WHERE id = ANY(@ids)", r => (Id: r.GetString(0), Sha: r.GetString(1)), cancellationToken, ("ids", documentIds.ToArray())).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Id, r => r.Sha, StringComparer.Ordinal);
    }

    private static DocumentRecord Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Source = reader.GetString(1),
        ContentType = reader.GetString(2),
        Sha256 = reader.GetString(3),
        SizeBytes = reader.GetInt64(4),
        Tags = JsonSerializer.Deserialize<List<string>>(reader.GetString(5)) ?? [],
        ChunkCount = reader.GetInt32(6),
        CreatedAt = reader.Time(7),
        UpdatedAt = reader.Time(8),
    };
}
