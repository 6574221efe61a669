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
        return SaveManyAsync([document], cancellationToken);
    }

    /// <summary>Saves every record with one statement (one round trip, one commit): the batch becomes current at once.</summary>
    public Task SaveManyAsync(IReadOnlyList<DocumentRecord> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return Task.CompletedTask;
        }

        // The last record of an id wins, as when saved one after another (ON CONFLICT cannot touch a row twice in one statement).
        var last = documents.GroupBy(d => d.Id, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        return _database.ExecuteAsync(
            $"""
            INSERT INTO documents ({Columns})
            SELECT * FROM unnest(@ids, @sources, @types, @shas, @sizes, @tags, @chunks, @created, @updated)
            ON CONFLICT (id) DO UPDATE SET source = excluded.source, content_type = excluded.content_type, sha256 = excluded.sha256,
                size_bytes = excluded.size_bytes, tags = excluded.tags, chunk_count = excluded.chunk_count, updated_at = excluded.updated_at
            """,
            cancellationToken,
            ("ids", last.Select(d => d.Id).ToArray()),
            ("sources", last.Select(d => d.Source).ToArray()),
            ("types", last.Select(d => d.ContentType).ToArray()),
            ("shas", last.Select(d => d.Sha256).ToArray()),
            ("sizes", last.Select(d => d.SizeBytes).ToArray()),
            ("tags", last.Select(d => JsonSerializer.Serialize(d.Tags)).ToArray()),
            ("chunks", last.Select(d => d.ChunkCount).ToArray()),
            ("created", last.Select(d => Utc(d.CreatedAt)).ToArray()),
            ("updated", last.Select(d => Utc(d.UpdatedAt)).ToArray()));
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
