using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RagBot.Core.Errors;
using RagBot.Core.Jobs;

namespace RagBot.AppState;

/// <summary>
/// Ingestion jobs in the app-state database. Every state change is one SQL statement, so a claim is atomic
/// even with several workers (or several processes) sharing the file.
/// </summary>
public sealed class SqliteJobStore : IIngestionJobStore
{
    private const string Columns = "id, document_id, sha256, source, content_type, tags, status, outcome, chunks_done, chunks_total, attempts, error_code, error, created_at, updated_at, warnings";
    private readonly AppStateDatabase _database;

    public SqliteJobStore(AppStateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task CreateAsync(IngestionJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        // One statement, so the owner check and the insert are atomic: two scopes racing for one id cannot both be
        // accepted. A scoped upload needs the document (if any) and every unfinished job of its id to carry its scope.
        command.CommandText = """
            INSERT INTO jobs (id, document_id, sha256, source, content_type, tags, status, attempts, not_before, created_at, updated_at)
            SELECT $id, $document, $sha, $source, $type, $tags, $status, 0, $created, $created, $created
            WHERE $scope IS NULL OR (
                NOT EXISTS (SELECT 1 FROM jobs j WHERE j.document_id = $document AND j.status IN ('queued', 'running')
                    AND NOT EXISTS (SELECT 1 FROM json_each(j.tags) WHERE json_each.value = $scope))
                AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = $document
                    AND NOT EXISTS (SELECT 1 FROM json_each(d.tags) WHERE json_each.value = $scope)))
            """;
        command.Parameters.AddWithValue("$id", job.Id);
        command.Parameters.AddWithValue("$document", job.DocumentId);
        command.Parameters.AddWithValue("$sha", job.Sha256);
        command.Parameters.AddWithValue("$source", job.Source);
        command.Parameters.AddWithValue("$type", job.ContentType);
        command.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(job.Tags));
        command.Parameters.AddWithValue("$status", Name(job.Status));
        command.Parameters.AddWithValue("$created", Text(job.CreatedAt));
        command.Parameters.AddWithValue("$scope", (object?)job.OwnerScope ?? DBNull.Value);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new IngestionRejectedException(RejectionReason.InvalidRequest, $"The document id '{job.DocumentId}' is taken; choose another documentId.");
        }
    }

    public async Task<IngestionJob?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", jobId);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IngestionJob?> TryClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE jobs SET status = 'running', attempts = attempts + 1, updated_at = $now
            WHERE seq = (
                SELECT j.seq FROM jobs j
                WHERE j.status = 'queued' AND j.not_before <= $now
                  AND NOT EXISTS (SELECT 1 FROM jobs e WHERE e.document_id = j.document_id AND e.seq < j.seq AND e.status IN ('queued', 'running'))
                ORDER BY j.seq LIMIT 1)
            RETURNING {Columns}
            """;
        command.Parameters.AddWithValue("$now", Text(now));
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public Task UpdateProgressAsync(string jobId, int chunksDone, int chunksTotal, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync(
            "UPDATE jobs SET chunks_done = $done, chunks_total = $total, updated_at = $now WHERE id = $id AND status = 'running'",
            cancellationToken,
            ("$id", jobId),
            ("$done", chunksDone),
            ("$total", chunksTotal),
            ("$now", Text(now)));

    public Task<bool> CompleteAsync(string jobId, IngestionJobStatus status, string outcome, int chunkCount, IReadOnlyList<string> warnings, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync(
            """
            UPDATE jobs SET status = $status, outcome = $outcome, chunks_done = $chunks, chunks_total = $chunks,
                error_code = NULL, error = NULL, updated_at = $now, warnings = $warnings
            WHERE id = $id AND status = 'running'
            """,
            cancellationToken,
            ("$id", jobId),
            ("$status", Name(status)),
            ("$outcome", outcome),
            ("$chunks", chunkCount),
            ("$warnings", warnings is { Count: > 0 } ? JsonSerializer.Serialize(warnings) : DBNull.Value),
            ("$now", Text(now)));

    public async Task<IReadOnlyList<IngestionJob>> CancelQueuedAsync(string documentId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE jobs SET status = 'failed', error_code = $code, error = $error, updated_at = $now
            WHERE document_id = $doc AND status = 'queued'
            RETURNING {Columns}
            """;
        command.Parameters.AddWithValue("$doc", documentId);
        command.Parameters.AddWithValue("$code", errorCode);
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$now", Text(now));
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<IngestionJob>> ListUnfinishedAsync(string documentId, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM jobs WHERE document_id = $doc AND status IN ('queued', 'running') ORDER BY seq";
        command.Parameters.AddWithValue("$doc", documentId);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> FailQueuedAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync(
            "UPDATE jobs SET status = 'failed', error_code = $code, error = $error, updated_at = $now WHERE id = $id AND status = 'queued'",
            cancellationToken,
            ("$id", jobId),
            ("$code", errorCode),
            ("$error", error),
            ("$now", Text(now)));

    public Task FailUnfinishedAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync(
            "UPDATE jobs SET status = 'failed', error_code = $code, error = $error, updated_at = $now WHERE id = $id AND status IN ('queued', 'running')",
            cancellationToken,
            ("$id", jobId),
            ("$code", errorCode),
            ("$error", error),
            ("$now", Text(now)));

    public Task<bool> FailAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync(
            "UPDATE jobs SET status = 'failed', error_code = $code, error = $error, updated_at = $now WHERE id = $id AND status = 'running'",
            cancellationToken,
            ("$id", jobId),
            ("$code", errorCode),
            ("$error", error),
            ("$now", Text(now)));

    public Task<bool> RequeueAsync(string jobId, string? errorCode, string? error, bool countAttempt, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync(
            """
            UPDATE jobs SET status = 'queued', attempts = attempts - $uncount, error_code = coalesce($code, error_code),
                error = coalesce($error, error), not_before = $notBefore, updated_at = $now
            WHERE id = $id AND status = 'running'
            """,
            cancellationToken,
            ("$id", jobId),
            ("$uncount", countAttempt ? 0 : 1),
            ("$code", errorCode),
            ("$error", error),
            ("$notBefore", Text(notBefore)),
            ("$now", Text(now)));

    public async Task<int> RecoverInterruptedAsync(int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE jobs SET
                status = CASE WHEN attempts >= $max THEN 'failed' ELSE 'queued' END,
                error_code = CASE WHEN attempts >= $max THEN 'Interrupted' ELSE error_code END,
                error = CASE WHEN attempts >= $max
                    THEN 'The job was interrupted ' || attempts || ' times (the process stopped while it ran); limit RagBot:Ingestion:MaxAttempts = ' || $max || '.'
                    ELSE error END,
                not_before = $now, updated_at = $now
            WHERE status = 'running'
            """;
        command.Parameters.AddWithValue("$max", maxAttempts);
        command.Parameters.AddWithValue("$now", Text(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one statement; true when it changed a row (a transition whose WHERE found the job in the state it leaves).</summary>
    private async Task<bool> ChangeAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private static async Task<List<IngestionJob>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<IngestionJob>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(Read(reader));
        }

        return jobs;
    }

    private static async Task<IngestionJob?> ReadOneAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static IngestionJob Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        DocumentId = reader.GetString(1),
        Sha256 = reader.GetString(2),
        Source = reader.GetString(3),
        ContentType = reader.GetString(4),
        Tags = JsonSerializer.Deserialize<List<string>>(reader.GetString(5)) ?? [],
        Status = Enum.Parse<IngestionJobStatus>(reader.GetString(6), ignoreCase: true),
        Outcome = reader.IsDBNull(7) ? null : reader.GetString(7),
        ChunksDone = reader.GetInt32(8),
        ChunksTotal = reader.GetInt32(9),
        Attempts = reader.GetInt32(10),
        ErrorCode = reader.IsDBNull(11) ? null : reader.GetString(11),
        Error = reader.IsDBNull(12) ? null : reader.GetString(12),
        CreatedAt = DateTimeOffset.Parse(reader.GetString(13), CultureInfo.InvariantCulture),
        UpdatedAt = DateTimeOffset.Parse(reader.GetString(14), CultureInfo.InvariantCulture),
        Warnings = reader.IsDBNull(15) ? [] : JsonSerializer.Deserialize<List<string>>(reader.GetString(15)) ?? [],
    };

    private static string Name(IngestionJobStatus status) => status.ToString().ToLowerInvariant();

    // Fixed-width UTC text, so SQL compares times as strings.
    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
