using System.Text.Json;
using Npgsql;
using RagBot.Core.Errors;
using RagBot.Core.Jobs;
using static RagBot.AppState.PostgreSql.PostgreSqlCommands;

namespace RagBot.AppState.PostgreSql;

/// <summary>
/// Ingestion jobs in PostgreSQL, worked by every replica. A claim takes the oldest runnable job with
/// <c>FOR UPDATE SKIP LOCKED</c> (two workers never wait on or take the same row) and gives this replica a lease
/// on it (<see cref="PostgreSqlAppStateOptions.JobLeaseSeconds"/>, renewed by <see cref="PostgreSqlJobLeaseRenewer"/>).
/// A running job whose lease ran out belongs to a dead or cut-off replica: the next claim takes it over, counting
/// an attempt, as a restart's recovery would. Every change a worker makes to a running job is conditioned on
/// still holding its lease, so a job taken over ends with exactly one outcome: the new holder's.
/// </summary>
public sealed class PostgreSqlJobStore : IIngestionJobStore
{
    private const string Columns = "id, document_id, sha256, source, content_type, tags, status, outcome, chunks_done, chunks_total, attempts, error_code, error, created_at, updated_at, warnings";
    private const string Held = "status = 'running' AND lease_owner = @me";
    private readonly PostgreSqlAppStateDatabase _database;

    public PostgreSqlJobStore(PostgreSqlAppStateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task CreateAsync(IngestionJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionDisposal = transaction.ConfigureAwait(false);
        // Replicas accept uploads concurrently: the owner check and the insert run under a lock on the document id,
        // and the insert is a later statement than the lock, so (read committed) it sees every job committed before.
        var lockId = Prepare(connection, "SELECT pg_advisory_xact_lock(hashtextextended(@document, 19))", ("document", job.DocumentId));
        await using (lockId.ConfigureAwait(false))
        {
            await lockId.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var insert = Prepare(
            connection,
            """
            INSERT INTO jobs (id, document_id, sha256, source, content_type, tags, status, attempts, not_before, created_at, updated_at)
            SELECT @id, @document, @sha, @source, @type, @tags, @status, 0, @created, @created, @created
            WHERE @scope::text IS NULL OR (
                NOT EXISTS (SELECT 1 FROM jobs j WHERE j.document_id = @document AND j.status IN ('queued', 'running')
                    AND NOT (j.tags::jsonb ? @scope::text))
                AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = @document AND NOT (d.tags::jsonb ? @scope::text)))
            """,
            ("id", job.Id),
            ("document", job.DocumentId),
            ("sha", job.Sha256),
            ("source", job.Source),
            ("type", job.ContentType),
            ("tags", JsonSerializer.Serialize(job.Tags)),
            ("status", Name(job.Status)),
            ("created", Utc(job.CreatedAt)),
            ("scope", job.OwnerScope));
        await using var insertDisposal = insert.ConfigureAwait(false);
        if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new IngestionRejectedException(RejectionReason.InvalidRequest, $"The document id '{job.DocumentId}' is taken; choose another documentId.");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IngestionJob?> GetAsync(string jobId, CancellationToken cancellationToken) =>
        (await _database.QueryAsync($"SELECT {Columns} FROM jobs WHERE id = @id", Read, cancellationToken, ("id", jobId)).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IngestionJob?> TryClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Lease times use the database's clock, the one clock every replica shares.
        var claimed = await _database.QueryAsync(
            $"""
            WITH next AS (
                SELECT j.seq FROM jobs j
                WHERE ((j.status = 'queued' AND j.not_before <= @now) OR (j.status = 'running' AND j.lease_until < clock_timestamp()))
                  AND NOT EXISTS (SELECT 1 FROM jobs e WHERE e.document_id = j.document_id AND e.seq < j.seq AND e.status IN ('queued', 'running'))
                ORDER BY j.seq LIMIT 1
                FOR UPDATE SKIP LOCKED)
            UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = @me,
                lease_until = clock_timestamp() + @lease, updated_at = @now
            FROM next WHERE jobs.seq = next.seq
            RETURNING {Prefixed("jobs.")}
            """,
            Read,
            cancellationToken,
            ("now", Utc(now)),
            ("me", _database.InstanceId),
            ("lease", _database.LeaseDuration)).ConfigureAwait(false);
        return claimed.FirstOrDefault();
    }

    public Task UpdateProgressAsync(string jobId, int chunksDone, int chunksTotal, DateTimeOffset now, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            $"UPDATE jobs SET chunks_done = @done, chunks_total = @total, updated_at = @now WHERE id = @id AND {Held}",
            cancellationToken,
            ("id", jobId),
            ("done", chunksDone),
            ("total", chunksTotal),
            ("now", Utc(now)),
            ("me", _database.InstanceId));

    public async Task<bool> CompleteAsync(string jobId, IngestionJobStatus status, string outcome, int chunkCount, IReadOnlyList<string> warnings, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _database.ExecuteAsync(
            $"""
            UPDATE jobs SET status = @status, outcome = @outcome, chunks_done = @chunks, chunks_total = @chunks,
                error_code = NULL, error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = @now, warnings = @warnings
            WHERE id = @id AND {Held}
            """,
            cancellationToken,
            ("id", jobId),
            ("status", Name(status)),
            ("outcome", outcome),
            ("chunks", chunkCount),
            ("warnings", warnings is { Count: > 0 } ? JsonSerializer.Serialize(warnings) : null),
            ("now", Utc(now)),
            ("me", _database.InstanceId)).ConfigureAwait(false) > 0;

    public async Task<IReadOnlyList<IngestionJob>> CancelQueuedAsync(string documentId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _database.QueryAsync(
            $"""
            UPDATE jobs SET status = 'failed', error_code = @code, error = @error, updated_at = @now
            WHERE document_id = @doc AND status = 'queued'
            RETURNING {Columns}
            """,
            Read,
            cancellationToken,
            ("doc", documentId),
            ("code", errorCode),
            ("error", error),
            ("now", Utc(now))).ConfigureAwait(false);

    public async Task<IReadOnlyList<IngestionJob>> ListUnfinishedAsync(string documentId, CancellationToken cancellationToken) =>
        await _database.QueryAsync(
            $"SELECT {Columns} FROM jobs WHERE document_id = @doc AND status IN ('queued', 'running') ORDER BY seq",
            Read,
            cancellationToken,
            ("doc", documentId)).ConfigureAwait(false);

    public async Task<bool> FailQueuedAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _database.ExecuteAsync(
            "UPDATE jobs SET status = 'failed', error_code = @code, error = @error, updated_at = @now WHERE id = @id AND status = 'queued'",
            cancellationToken,
            ("id", jobId),
            ("code", errorCode),
            ("error", error),
            ("now", Utc(now))).ConfigureAwait(false) > 0;

    public Task FailUnfinishedAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            """
            UPDATE jobs SET status = 'failed', error_code = @code, error = @error, lease_owner = NULL, lease_until = NULL, updated_at = @now
            WHERE id = @id AND status IN ('queued', 'running')
            """,
            cancellationToken,
            ("id", jobId),
            ("code", errorCode),
            ("error", error),
            ("now", Utc(now)));

    public async Task<bool> FailAsync(string jobId, string errorCode, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _database.ExecuteAsync(
            $"""
            UPDATE jobs SET status = 'failed', error_code = @code, error = @error, lease_owner = NULL, lease_until = NULL, updated_at = @now
            WHERE id = @id AND {Held}
            """,
            cancellationToken,
            ("id", jobId),
            ("code", errorCode),
            ("error", error),
            ("now", Utc(now)),
            ("me", _database.InstanceId)).ConfigureAwait(false) > 0;

    public async Task<bool> RequeueAsync(string jobId, string? errorCode, string? error, bool countAttempt, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _database.ExecuteAsync(
            $"""
            UPDATE jobs SET status = 'queued', attempts = attempts - @uncount, error_code = coalesce(@code, error_code),
                error = coalesce(@error, error), not_before = @notBefore, lease_owner = NULL, lease_until = NULL, updated_at = @now
            WHERE id = @id AND {Held}
            """,
            cancellationToken,
            ("id", jobId),
            ("uncount", countAttempt ? 0 : 1),
            ("code", errorCode),
            ("error", error),
            ("notBefore", Utc(notBefore)),
            ("now", Utc(now)),
            ("me", _database.InstanceId)).ConfigureAwait(false) > 0;

    /// <summary>
    /// Recovers only the running jobs whose lease ran out: the others are being run by live replicas (the
    /// SQLite store's "every running job" is right only for the one process of a data directory).
    /// </summary>
    public Task<int> RecoverInterruptedAsync(int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            """
            UPDATE jobs SET
                status = CASE WHEN attempts >= @max THEN 'failed' ELSE 'queued' END,
                error_code = CASE WHEN attempts >= @max THEN 'Interrupted' ELSE error_code END,
                error = CASE WHEN attempts >= @max
                    THEN 'The job was interrupted ' || attempts || ' times (the process stopped while it ran); limit RagBot:Ingestion:MaxAttempts = ' || @max || '.'
                    ELSE error END,
                lease_owner = NULL, lease_until = NULL, not_before = @now, updated_at = @now
            WHERE status = 'running' AND lease_until < clock_timestamp()
            """,
            cancellationToken,
            ("max", maxAttempts),
            ("now", Utc(now)));

    /// <summary>Extends the leases of every job this replica runs; returns how many it holds.</summary>
    public Task<int> RenewLeasesAsync(CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            $"UPDATE jobs SET lease_until = clock_timestamp() + @lease WHERE {Held}",
            cancellationToken,
            ("me", _database.InstanceId),
            ("lease", _database.LeaseDuration));

    /// <summary>Records the stop for the replica holding the job (its worker polls for it); a claim after that replica died sees it too.</summary>
    public async Task<bool> RequestStopAsync(string jobId, string errorCode, string error, CancellationToken cancellationToken) =>
        await _database.ExecuteAsync(
            "UPDATE jobs SET stop_code = coalesce(stop_code, @code), stop_error = coalesce(stop_error, @error) WHERE id = @id AND status = 'running'",
            cancellationToken,
            ("id", jobId),
            ("code", errorCode),
            ("error", error)).ConfigureAwait(false) > 0;

    public async Task<IReadOnlyList<JobStopRequest>> ListStopRequestsAsync(IReadOnlyCollection<string> runningJobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runningJobIds);
        if (runningJobIds.Count == 0)
        {
            return [];
        }

        return await _database.QueryAsync(
            $"SELECT id, stop_code, stop_error FROM jobs WHERE id = ANY(@ids) AND stop_code IS NOT NULL AND {Held}",
            r => new JobStopRequest(r.GetString(0), r.GetString(1), r.GetString(2)),
            cancellationToken,
            ("ids", runningJobIds.ToArray()),
            ("me", _database.InstanceId)).ConfigureAwait(false);
    }

    private static string Prefixed(string table) => string.Join(", ", Columns.Split(", ").Select(c => table + c));

    private static IngestionJob Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        DocumentId = reader.GetString(1),
        Sha256 = reader.GetString(2),
        Source = reader.GetString(3),
        ContentType = reader.GetString(4),
        Tags = JsonSerializer.Deserialize<List<string>>(reader.GetString(5)) ?? [],
        Status = Enum.Parse<IngestionJobStatus>(reader.GetString(6), ignoreCase: true),
        Outcome = reader.NullableString(7),
        ChunksDone = reader.GetInt32(8),
        ChunksTotal = reader.GetInt32(9),
        Attempts = reader.GetInt32(10),
        ErrorCode = reader.NullableString(11),
        Error = reader.NullableString(12),
        CreatedAt = reader.Time(13),
        UpdatedAt = reader.Time(14),
        Warnings = reader.IsDBNull(15) ? [] : JsonSerializer.Deserialize<List<string>>(reader.GetString(15)) ?? [],
    };

    private static string Name(IngestionJobStatus status) => status.ToString().ToLowerInvariant();
}
