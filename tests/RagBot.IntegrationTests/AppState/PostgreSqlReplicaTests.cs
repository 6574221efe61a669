using Npgsql;
using RagBot.AppState.PostgreSql;
using RagBot.Core.Jobs;

namespace RagBot.IntegrationTests.AppState;

/// <summary>
/// What only several replicas on one PostgreSQL need: migrations applied once when replicas start together, job
/// leases that move a dead replica's jobs to a live one with exactly one outcome, and the reindex advisory lock.
/// </summary>
public sealed class PostgreSqlReplicaTests(PostgreSqlCluster cluster) : IAsyncLifetime
{
    private readonly PostgreSqlAppStateTarget _target = new(cluster, nameof(PostgreSqlReplicaTests), leaseSeconds: 1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _target.ResetAsync();

    public ValueTask DisposeAsync() => _target.DisposeAsync();

    [Fact]
    public async Task Replicas_starting_together_apply_each_migration_once()
    {
        var fresh = new PostgreSqlAppStateTarget(cluster, "migrate" + Guid.NewGuid().ToString("N")[..8]);
        await using var _ = fresh;
        await fresh.ResetAsync(); // creates the database; the replicas below find it migrated or migrate it
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => fresh.OpenDatabase().MigrateAsync(Ct), Ct)));

        await using var connection = new NpgsqlConnection(fresh.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*), max(version) FROM ragbot_schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        Assert.Equal(reader.GetInt32(1), reader.GetInt64(0));
    }

    [Fact]
    public async Task A_schema_newer_than_this_RagBot_is_refused_with_a_message()
    {
        await using (var connection = new NpgsqlConnection(_target.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("INSERT INTO ragbot_schema_migrations (version) VALUES (999)", connection);
            await command.ExecuteNonQueryAsync(Ct);
        }

        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _target.OpenDatabase().MigrateAsync(Ct));
            Assert.Contains("newer than this RagBot", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await using var connection = new NpgsqlConnection(_target.ConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("DELETE FROM ragbot_schema_migrations WHERE version = 999", connection);
            await command.ExecuteNonQueryAsync(Ct);
        }
    }

    [Fact]
    public async Task A_dead_replica_s_job_moves_to_another_and_ends_with_the_new_holder_s_outcome()
    {
        var dead = _target.Open().Jobs;
        var live = _target.Open().Jobs;
        await CreateAsync(live, "j1");
        var claimed = await dead.TryClaimNextAsync(DateTimeOffset.UtcNow, Ct);
        Assert.Equal("j1", claimed!.Id);
        Assert.Null(await live.TryClaimNextAsync(DateTimeOffset.UtcNow, Ct));
        Assert.Equal(0, await live.RecoverInterruptedAsync(int.MaxValue, DateTimeOffset.UtcNow, Ct));

        await Task.Delay(TimeSpan.FromSeconds(1.3), Ct); // the dead replica renews nothing: its 1 s lease runs out
        var takenOver = await live.TryClaimNextAsync(DateTimeOffset.UtcNow, Ct);

        Assert.Equal(("j1", 2), (takenOver!.Id, takenOver.Attempts));
        // The first holder comes back (a long pause, not a death): whatever it records is refused.
        await dead.UpdateProgressAsync("j1", 9, 9, DateTimeOffset.UtcNow, Ct);
        await dead.CompleteAsync("j1", IngestionJobStatus.Unchanged, "unchanged", 9, [], DateTimeOffset.UtcNow, Ct);
        await dead.FailAsync("j1", "Transient", "stale", DateTimeOffset.UtcNow, Ct);
        await dead.RequeueAsync("j1", null, null, countAttempt: false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, Ct);
        Assert.Equal((IngestionJobStatus.Running, 0), ((await live.GetAsync("j1", Ct))!.Status, (await live.GetAsync("j1", Ct))!.ChunksDone));
        await live.CompleteAsync("j1", IngestionJobStatus.Succeeded, "created", 3, [], DateTimeOffset.UtcNow, Ct);
        var done = await dead.GetAsync("j1", Ct);
        Assert.Equal((IngestionJobStatus.Succeeded, "created", 3), (done!.Status, done.Outcome, done.ChunksTotal));
    }

    [Fact]
    public async Task Renewed_leases_keep_a_job_with_its_replica_and_expired_ones_are_recovered_at_start()
    {
        var busy = (PostgreSqlJobStore)_target.Open().Jobs;
        var other = _target.Open().Jobs;
        await CreateAsync(other, "j1");
        await busy.TryClaimNextAsync(DateTimeOffset.UtcNow, Ct);

        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(300, Ct);
            Assert.Equal(1, await busy.RenewLeasesAsync(Ct));
            Assert.Null(await other.TryClaimNextAsync(DateTimeOffset.UtcNow, Ct));
        }

        await Task.Delay(TimeSpan.FromSeconds(1.3), Ct);
        Assert.Equal(1, await other.RecoverInterruptedAsync(int.MaxValue, DateTimeOffset.UtcNow, Ct));
        var recovered = await other.GetAsync("j1", Ct);
        Assert.Equal((IngestionJobStatus.Queued, 1), (recovered!.Status, recovered.Attempts));
        Assert.Equal(0, await busy.RenewLeasesAsync(Ct));
    }

    [Fact]
    public async Task The_reindex_lock_is_one_for_all_replicas_and_dies_with_its_holder_s_connection()
    {
        var first = new PostgreSqlReindexLock(_target.OpenDatabase());
        var second = new PostgreSqlReindexLock(_target.OpenDatabase());

        var held = first.TryAcquire("replica A", out _);
        Assert.NotNull(held);
        Assert.Null(second.TryAcquire("replica B", out var heldBy));
        Assert.Contains("replica A", heldBy, StringComparison.Ordinal);
        held.Dispose();
        var again = second.TryAcquire("replica B", out _);
        Assert.NotNull(again);

        // A killed holder: its backend is terminated, as when its process dies; the lock goes with it. Only this
        // class's database: other classes run in parallel on the same cluster and hold advisory locks of their own
        // (the job store's per-document lock), which this must not kill.
        await using (var admin = new NpgsqlConnection(_target.ConnectionString))
        {
            await admin.OpenAsync(Ct);
            await using var kill = new NpgsqlCommand(
                """
                SELECT pg_terminate_backend(pid) FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, admin);
            await kill.ExecuteNonQueryAsync(Ct);
        }

        await Task.Delay(200, Ct);
        var afterDeath = first.TryAcquire("replica A", out _);
        Assert.NotNull(afterDeath);
        afterDeath.Dispose();
        again.Dispose(); // its connection is gone: disposing must not throw
    }

    [Fact]
    public async Task The_sweep_removes_only_old_originals_nothing_references()
    {
        var state = _target.Open();
        foreach (var name in new[] { "orphan", "j1", "fresh" })
        {
            await state.Originals.SaveAsync(AppStateConformanceTests.Sha(name), new byte[] { 1, 2, 3 }, Ct);
        }

        await CreateAsync(state.Jobs, "j1"); // queued: its original is in use
        await using (var connection = new NpgsqlConnection(_target.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var age = new NpgsqlCommand("UPDATE originals SET created_at = now() - interval '11 minutes' WHERE sha256 <> @fresh", connection);
            age.Parameters.AddWithValue("fresh", AppStateConformanceTests.Sha("fresh"));
            await age.ExecuteNonQueryAsync(Ct);
        }

        var removed = await new PostgreSqlOriginalsSweep(_target.OpenDatabase()).RunAsync(Ct);

        Assert.Equal([AppStateConformanceTests.Sha("orphan")], removed);
        Assert.Null(await state.Originals.ReadAsync(AppStateConformanceTests.Sha("orphan"), Ct));
        Assert.NotNull(await state.Originals.ReadAsync(AppStateConformanceTests.Sha("j1"), Ct));
        Assert.NotNull(await state.Originals.ReadAsync(AppStateConformanceTests.Sha("fresh"), Ct));
    }

    [Fact]
    public async Task A_stop_request_reaches_only_the_replica_holding_the_running_job()
    {
        var holder = _target.Open().Jobs;
        var other = _target.Open().Jobs;
        await CreateAsync(holder, "j1");
        await CreateAsync(holder, "j2");
        Assert.False(await other.RequestStopAsync("j1", "DocumentDeleted", "deleted", Ct)); // queued: nothing to ask
        await holder.TryClaimNextAsync(DateTimeOffset.UtcNow, Ct);

        Assert.True(await other.RequestStopAsync("j1", "DocumentDeleted", "deleted", Ct));
        Assert.True(await other.RequestStopAsync("j1", "Cancelled", "second reason", Ct)); // the first reason stays

        Assert.Equal([new JobStopRequest("j1", "DocumentDeleted", "deleted")], await holder.ListStopRequestsAsync(["j1", "j2"], Ct));
        Assert.Empty(await other.ListStopRequestsAsync(["j1"], Ct));
    }

    private static Task CreateAsync(IIngestionJobStore store, string id) => store.CreateAsync(
        new IngestionJob
        {
            Id = id,
            DocumentId = "doc-" + id,
            Sha256 = AppStateConformanceTests.Sha(id),
            Source = id + ".md",
            ContentType = "text/markdown",
            Status = IngestionJobStatus.Queued,
            CreatedAt = DateTimeOffset.UtcNow.AddSeconds(-1),
            UpdatedAt = DateTimeOffset.UtcNow,
        },
        Ct);
}
