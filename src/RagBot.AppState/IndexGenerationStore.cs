using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RagBot.Core.Indexing;

namespace RagBot.AppState;

/// <summary>
/// The index generations in the SQLite app-state database (see <see cref="IIndexGenerationStore"/>). The active
/// pointer is the row whose status is <c>active</c>; switching it is one transaction.
/// </summary>
public sealed class IndexGenerationStore : IIndexGenerationStore
{
    private const string Columns = "id, collection_name, embedder_model_id, dimensions, chunking_fingerprint, status, created_at, activated_at, retired_at";
    private readonly AppStateDatabase _database;
    private readonly TimeProvider _time;

    public IndexGenerationStore(AppStateDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = time;
    }

    /// <summary>The generation chat reads from, or null before the first index is made.</summary>
    public async Task<IndexGeneration?> GetActiveAsync(CancellationToken cancellationToken) =>
        First(await QueryAsync("WHERE status = 'active'", cancellationToken).ConfigureAwait(false));

    /// <summary>The generation a reindex is building (possibly interrupted), or null.</summary>
    public async Task<IndexGeneration?> GetBuildingAsync(CancellationToken cancellationToken) =>
        First(await QueryAsync("WHERE status = 'building'", cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyList<IndexGeneration>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync("ORDER BY id", cancellationToken);

    /// <summary>Returns the active generation, first recording <paramref name="collectionName"/> as the active one when there is none.</summary>
    public async Task<IndexGeneration> EnsureActiveAsync(string collectionName, IndexSpecification specification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specification);
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO index_generations (collection_name, embedder_model_id, dimensions, chunking_fingerprint, status, created_at, activated_at)
            SELECT $name, $model, $dims, $chunking, 'active', $now, $now
            WHERE NOT EXISTS (SELECT 1 FROM index_generations WHERE status = 'active')
            ON CONFLICT DO NOTHING
            """;
        AddSpecification(command, specification);
        command.Parameters.AddWithValue("$name", collectionName);
        command.Parameters.AddWithValue("$now", Now());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return await GetActiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No active index generation could be recorded in '{_database.DatabasePath}'.");
    }

    /// <summary>Records a new building generation whose collection is <c>{prefix}-g{id}</c>.</summary>
    public async Task<IndexGeneration> CreateBuildingAsync(string collectionPrefix, IndexSpecification specification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specification);
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(id), 0) + 1 FROM index_generations";
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        command.CommandText = """
            INSERT INTO index_generations (id, collection_name, embedder_model_id, dimensions, chunking_fingerprint, status, created_at)
            VALUES ($id, $name, $model, $dims, $chunking, 'building', $now)
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$name", FormattableString.Invariant($"{collectionPrefix}-g{id}"));
        command.Parameters.AddWithValue("$now", Now());
        AddSpecification(command, specification);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (await QueryAsync(FormattableString.Invariant($"WHERE id = {id}"), cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>The documents already indexed into a generation: document id to (version, chunk count).</summary>
    public async Task<IReadOnlyDictionary<string, IndexedDocumentVersion>> GetProgressAsync(long generationId, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT document_id, sha256, chunk_count, tags FROM index_generation_documents WHERE generation_id = $g";
        command.Parameters.AddWithValue("$g", generationId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var progress = new Dictionary<string, IndexedDocumentVersion>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var tags = reader.IsDBNull(3) ? null : JsonSerializer.Deserialize<List<string>>(reader.GetString(3));
            progress[reader.GetString(0)] = new IndexedDocumentVersion(reader.GetString(1), reader.GetInt32(2), tags);
        }

        return progress;
    }

    /// <summary>Marks one document version (bytes and tags) as complete in a generation.</summary>
    public async Task RecordProgressAsync(long generationId, string documentId, IndexedDocumentVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO index_generation_documents (generation_id, document_id, sha256, chunk_count, tags) VALUES ($g, $doc, $sha, $chunks, $tags)
            ON CONFLICT (generation_id, document_id) DO UPDATE SET sha256 = $sha, chunk_count = $chunks, tags = $tags
            """;
        command.Parameters.AddWithValue("$g", generationId);
        command.Parameters.AddWithValue("$doc", documentId);
        command.Parameters.AddWithValue("$sha", version.Sha256);
        command.Parameters.AddWithValue("$chunks", version.ChunkCount);
        command.Parameters.AddWithValue("$tags", version.Tags is null ? DBNull.Value : JsonSerializer.Serialize(version.Tags));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveProgressAsync(long generationId, string documentId, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM index_generation_documents WHERE generation_id = $g AND document_id = $doc";
        command.Parameters.AddWithValue("$g", generationId);
        command.Parameters.AddWithValue("$doc", documentId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the building generation active and retires the previous active one, in one transaction. Returns
    /// the retired generation (null when there was none).
    /// </summary>
    public async Task<IndexGeneration?> ActivateAsync(long generationId, CancellationToken cancellationToken)
    {
        var previous = await GetActiveAsync(cancellationToken).ConfigureAwait(false);
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$g", generationId);
        command.Parameters.AddWithValue("$now", Now());
        command.CommandText = "UPDATE index_generations SET status = 'retired', retired_at = $now WHERE status = 'active'";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = "UPDATE index_generations SET status = 'active', activated_at = $now WHERE id = $g AND status = 'building'";
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException($"Index generation {generationId} is not building; it cannot be activated.");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return previous;
    }

    /// <summary>Abandons a building generation (its settings no longer match); its collection must be dropped by the caller.</summary>
    public async Task RetireBuildingAsync(long generationId, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE index_generations SET status = 'retired', retired_at = $now WHERE id = $g AND status = 'building'";
        command.Parameters.AddWithValue("$g", generationId);
        command.Parameters.AddWithValue("$now", Now());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<IndexGeneration>> QueryAsync(string clause, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM index_generations {clause}";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var generations = new List<IndexGeneration>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            generations.Add(new IndexGeneration
            {
                Id = reader.GetInt64(0),
                CollectionName = reader.GetString(1),
                EmbedderModelId = reader.GetString(2),
                Dimensions = reader.GetInt32(3),
                ChunkingFingerprint = reader.GetString(4),
                Status = Enum.Parse<IndexGenerationStatus>(reader.GetString(5), ignoreCase: true),
                CreatedAt = ParseTime(reader.GetString(6)),
                ActivatedAt = reader.IsDBNull(7) ? null : ParseTime(reader.GetString(7)),
                RetiredAt = reader.IsDBNull(8) ? null : ParseTime(reader.GetString(8)),
            });
        }

        return generations;
    }

    private static IndexGeneration? First(IReadOnlyList<IndexGeneration> generations) => generations.Count > 0 ? generations[0] : null;

    private static void AddSpecification(SqliteCommand command, IndexSpecification specification)
    {
        command.Parameters.AddWithValue("$model", specification.EmbedderModelId);
        command.Parameters.AddWithValue("$dims", specification.Dimensions);
        command.Parameters.AddWithValue("$chunking", specification.ChunkingFingerprint);
    }

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
}
