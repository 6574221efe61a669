using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RagBot.Core.Documents;

namespace RagBot.AppState;

/// <summary>The document catalog in the app-state database.</summary>
public sealed class SqliteDocumentCatalog : IDocumentCatalog
{
    private const string Columns = "id, source, content_type, sha256, size_bytes, tags, chunk_count, created_at, updated_at";
    private readonly AppStateDatabase _database;

    public SqliteDocumentCatalog(AppStateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task<DocumentRecord?> GetAsync(string documentId, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM documents WHERE id = $id";
        command.Parameters.AddWithValue("$id", documentId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<DocumentRecord>> ListAsync(CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM documents ORDER BY source, id";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var documents = new List<DocumentRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            documents.Add(Read(reader));
        }

        return documents;
    }

    public Task SaveAsync(DocumentRecord document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return SaveManyAsync([document], cancellationToken);
    }

    /// <summary>
    /// Saves every record in one transaction, so a batch of small documents costs one commit (one fsync of the
    /// write-ahead log) instead of one each, and after a crash the batch is either all current or none of it.
    /// </summary>
    public async Task SaveManyAsync(IReadOnlyList<DocumentRecord> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return;
        }

        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO documents ({Columns}) VALUES ($id, $source, $type, $sha, $size, $tags, $chunks, $created, $updated)
            ON CONFLICT(id) DO UPDATE SET source = $source, content_type = $type, sha256 = $sha, size_bytes = $size,
                tags = $tags, chunk_count = $chunks, updated_at = $updated
            """;
        string[] names = ["$id", "$source", "$type", "$sha", "$size", "$tags", "$chunks", "$created", "$updated"];
        var parameters = names.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        foreach (var document in documents)
        {
            parameters[0].Value = document.Id;
            parameters[1].Value = document.Source;
            parameters[2].Value = document.ContentType;
            parameters[3].Value = document.Sha256;
            parameters[4].Value = document.SizeBytes;
            parameters[5].Value = JsonSerializer.Serialize(document.Tags);
            parameters[6].Value = document.ChunkCount;
            parameters[7].Value = document.CreatedAt.ToString("O", CultureInfo.InvariantCulture);
            parameters[8].Value = document.UpdatedAt.ToString("O", CultureInfo.InvariantCulture);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string documentId, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM documents WHERE id = $id";
        command.Parameters.AddWithValue("$id", documentId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> IsVersionInUseAsync(string sha256, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT EXISTS(SELECT 1 FROM documents WHERE sha256 = $sha)
                OR EXISTS(SELECT 1 FROM jobs WHERE sha256 = $sha AND status IN ('queued', 'running'))
            """;
        command.Parameters.AddWithValue("$sha", sha256);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 1;
    }

    public async Task<IReadOnlyDictionary<string, string>> GetCurrentVersionsAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (documentIds.Count == 0)
        {
            return versions;
        }

        using var connection = await _database.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();

        // One JSON array parameter instead of one parameter per id: the statement text is the same for every
        // retrieval (SQLite parses one shape, not one per candidate count) and there is no 32,766-variable ceiling.
        command.CommandText = "SELECT id, sha256 FROM documents WHERE id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(documentIds));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions[reader.GetString(0)] = reader.GetString(1);
        }

        return versions;
    }

    private static DocumentRecord Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Source = reader.GetString(1),
        ContentType = reader.GetString(2),
        Sha256 = reader.GetString(3),
        SizeBytes = reader.GetInt64(4),
        Tags = JsonSerializer.Deserialize<List<string>>(reader.GetString(5)) ?? [],
        ChunkCount = reader.GetInt32(6),
        CreatedAt = DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
        UpdatedAt = DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture),
    };
}
