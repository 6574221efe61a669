using System.Text.Json;
using Npgsql;
using RagBot.Core.Indexing;
using static RagBot.AppState.PostgreSql.PostgreSqlCommands;

namespace RagBot.AppState.PostgreSql;

/// <summary>
/// The index generations in PostgreSQL (see <see cref="IIndexGenerationStore"/>). The active pointer is the row
/// whose status is <c>active</c> (a unique partial index allows one); a switch is one transaction, so every
/// replica's next read sees either the old generation or the new one, never neither.
/// </summary>
public sealed class PostgreSqlIndexGenerationStore : IIndexGenerationStore
{
    private const string Columns = "id, collection_name, embedder_model_id, dimensions, chunking_fingerprint, status, created_at, activated_at, retired_at";
    private readonly PostgreSqlAppStateDatabase _database;
    private readonly TimeProvider _time;

    public PostgreSqlIndexGenerationStore(PostgreSqlAppStateDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = time;
    }

    public async Task<IndexGeneration?> GetActiveAsync(CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE status = 'active'", cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IndexGeneration?> GetBuildingAsync(CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE status = 'building'", cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IReadOnlyList<IndexGeneration>> ListAsync(CancellationToken cancellationToken) =>
        await QueryAsync("ORDER BY id", cancellationToken).ConfigureAwait(false);

    public async Task<IndexGeneration> EnsureActiveAsync(string collectionName, IndexSpecification specification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specification);
        await InsertAsync(
            "WHERE NOT EXISTS (SELECT 1 FROM index_generations WHERE status = 'active')", _ => collectionName, "active", specification, cancellationToken).ConfigureAwait(false);
        return await GetActiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No active index generation could be recorded in {_database.Description}.");
    }

    public async Task<IndexGeneration> CreateBuildingAsync(string collectionPrefix, IndexSpecification specification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specification);
        var id = await InsertAsync("", id => FormattableString.Invariant($"{collectionPrefix}-g{id}"), "building", specification, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("A building index generation already exists; resume or retire it first.");
        return (await QueryAsync("WHERE id = @id", cancellationToken, ("id", id)).ConfigureAwait(false))[0];
    }

    public async Task<IReadOnlyDictionary<string, IndexedDocumentVersion>> GetProgressAsync(long generationId, CancellationToken cancellationToken)
    {
        var rows = await _database.QueryAsync(
            "SELECT document_id, sha256, chunk_count, tags FROM index_generation_documents WHERE generation_id = @g",
            r => (Id: r.GetString(0), Version: new IndexedDocumentVersion(r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : JsonSerializer.Deserialize<List<string>>(r.GetString(3)))),
            cancellationToken,
            ("g", generationId)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Id, r => r.Version, StringComparer.Ordinal);
    }

    public Task RecordProgressAsync(long generationId, string documentId, IndexedDocumentVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _database.ExecuteAsync(
            """
            INSERT INTO index_generation_documents (generation_id, document_id, sha256, chunk_count, tags) VALUES (@g, @doc, @sha, @chunks, @tags)
            ON CONFLICT (generation_id, document_id) DO UPDATE SET sha256 = @sha, chunk_count = @chunks, tags = @tags
            """,
            cancellationToken,
            ("g", generationId),
            ("doc", documentId),
            ("sha", version.Sha256),
            ("chunks", version.ChunkCount),
            ("tags", version.Tags is null ? null : JsonSerializer.Serialize(version.Tags)));
    }

    public Task RemoveProgressAsync(long generationId, string documentId, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            "DELETE FROM index_generation_documents WHERE generation_id = @g AND document_id = @doc", cancellationToken, ("g", generationId), ("doc", documentId));

    public async Task<IndexGeneration?> ActivateAsync(long generationId, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionDisposal = transaction.ConfigureAwait(false);
        var command = Prepare(
            connection,
            $"UPDATE index_generations SET status = 'retired', retired_at = @now WHERE status = 'active' RETURNING {Columns}",
            ("g", generationId),
            ("now", Utc(_time.GetUtcNow())));
        await using var commandDisposal = command.ConfigureAwait(false);
        command.Transaction = transaction;
        var retired = (await command.ReadAllAsync(Read, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        command.CommandText = "UPDATE index_generations SET status = 'active', activated_at = @now WHERE id = @g AND status = 'building'";
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException($"Index generation {generationId} is not building; it cannot be activated.");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        // Returned as it was before this switch (active), like the SQLite store.
        return retired is null ? null : retired with { Status = IndexGenerationStatus.Active, RetiredAt = null };
    }

    public Task RetireBuildingAsync(long generationId, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            "UPDATE index_generations SET status = 'retired', retired_at = @now WHERE id = @g AND status = 'building'",
            cancellationToken,
            ("g", generationId),
            ("now", Utc(_time.GetUtcNow())));

    /// <summary>Inserts a generation numbered one past the highest, under a table lock (ids are never reused); returns its id, or null when the condition or a unique index refused it.</summary>
    private async Task<long?> InsertAsync(string condition, Func<long, string> collectionName, string status, IndexSpecification specification, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionDisposal = transaction.ConfigureAwait(false);
        var command = Prepare(connection, "LOCK TABLE index_generations IN SHARE ROW EXCLUSIVE MODE; SELECT COALESCE(MAX(id), 0) + 1 FROM index_generations");
        await using var commandDisposal = command.ConfigureAwait(false);
        command.Transaction = transaction;
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        command.CommandText = $"""
            INSERT INTO index_generations (id, collection_name, embedder_model_id, dimensions, chunking_fingerprint, status, created_at, activated_at)
            SELECT @id, @name, @model, @dims, @chunking, @status, @now, CASE WHEN @status = 'active' THEN @now END
            {condition}
            ON CONFLICT DO NOTHING
            """;
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("name", collectionName(id));
        command.Parameters.AddWithValue("model", specification.EmbedderModelId);
        command.Parameters.AddWithValue("dims", specification.Dimensions);
        command.Parameters.AddWithValue("chunking", specification.ChunkingFingerprint);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("now", Utc(_time.GetUtcNow()));
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted == 1 ? id : null;
    }

    private Task<List<IndexGeneration>> QueryAsync(string clause, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        _database.QueryAsync($"SELECT {Columns} FROM index_generations {clause}", Read, cancellationToken, parameters);

    private static IndexGeneration Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        CollectionName = reader.GetString(1),
        EmbedderModelId = reader.GetString(2),
        Dimensions = reader.GetInt32(3),
        ChunkingFingerprint = reader.GetString(4),
        Status = Enum.Parse<IndexGenerationStatus>(reader.GetString(5), ignoreCase: true),
        CreatedAt = reader.Time(6),
        ActivatedAt = reader.NullableTime(7),
        RetiredAt = reader.NullableTime(8),
    };
}
