using System.Collections.Concurrent;
using RagBot.Core.Jobs;
using static RagBot.IntegrationTests.AppState.AppStateConformanceTests;

namespace RagBot.IntegrationTests.AppState;

/// <summary>
/// What every app-state provider's job queue must do: claims in upload order, one job of a document at a time,
/// retry times, outcomes, cancellation, and every job claimed exactly once by workers of several processes.
/// </summary>
public abstract class JobStoreConformanceTests(IAppStateTarget target) : AppStateTargetTests(target)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private IIngestionJobStore _jobs = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _jobs = State.Jobs;
    }

    [Fact]
    public async Task A_claim_takes_the_oldest_job_and_counts_the_attempt()
    {
        await CreateAsync("j1", "a");
        await CreateAsync("j2", "b");

        var first = await _jobs.TryClaimNextAsync(T0, Ct);
        Assert.Equal(("j1", IngestionJobStatus.Running, 1), (first!.Id, first.Status, first.Attempts));
        Assert.Equal(["x"], first.Tags);
        Assert.Equal("j2", (await _jobs.TryClaimNextAsync(T0, Ct))!.Id);
        Assert.Null(await _jobs.TryClaimNextAsync(T0, Ct));
        Assert.Equal(IngestionJobStatus.Running, (await _jobs.GetAsync("j1", Ct))!.Status);
        Assert.Null(await _jobs.GetAsync("unknown", Ct));
    }

    [Fact]
    public async Task A_document_s_jobs_run_one_at_a_time_in_upload_order()
    {
        await CreateAsync("j1", "a");
        await CreateAsync("j2", "a");
        await CreateAsync("j3", "b");

        Assert.Equal("j1", (await _jobs.TryClaimNextAsync(T0, Ct))!.Id);
        Assert.Equal("j3", (await _jobs.TryClaimNextAsync(T0, Ct))!.Id);
        Assert.Null(await _jobs.TryClaimNextAsync(T0, Ct));
        await _jobs.CompleteAsync("j1", IngestionJobStatus.Succeeded, "created", 4, [], T0, Ct);
        Assert.Equal("j2", (await _jobs.TryClaimNextAsync(T0, Ct))!.Id);
    }

    [Fact]
    public async Task A_requeued_job_waits_for_its_retry_time_and_keeps_its_error()
    {
        await CreateAsync("j1", "a");
        await _jobs.TryClaimNextAsync(T0, Ct);

        await _jobs.RequeueAsync("j1", "Transient", "embedder down", countAttempt: true, T0.AddSeconds(60), T0, Ct);

        Assert.Null(await _jobs.TryClaimNextAsync(T0.AddSeconds(59), Ct));
        var retried = await _jobs.TryClaimNextAsync(T0.AddSeconds(61), Ct);
        Assert.Equal((2, "Transient", "embedder down"), (retried!.Attempts, retried.ErrorCode, retried.Error));
        await _jobs.RequeueAsync("j1", null, null, countAttempt: false, T0, T0, Ct);
        var queued = await _jobs.GetAsync("j1", Ct);
        Assert.Equal((IngestionJobStatus.Queued, 1, "Transient"), (queued!.Status, queued.Attempts, queued.ErrorCode));
    }

    [Fact]
    public async Task The_probe_counts_the_queued_jobs_for_the_gauge()
    {
        await CreateAsync("j1", "a");
        await CreateAsync("j2", "b");
        await CreateAsync("j3", "c");
        await _jobs.TryClaimNextAsync(T0, Ct);

        Assert.Equal(2, Target.Open().Probe.CountQueuedJobs());
    }

    [Fact]
    public async Task Progress_and_outcome_are_recorded()
    {
        await CreateAsync("j1", "a");
        await _jobs.TryClaimNextAsync(T0, Ct);

        await _jobs.UpdateProgressAsync("j1", 3, 10, T0.AddSeconds(1), Ct);
        var running = await Target.Open().Jobs.GetAsync("j1", Ct);
        Assert.Equal((3, 10), (running!.ChunksDone, running.ChunksTotal));
        await _jobs.CompleteAsync("j1", IngestionJobStatus.Succeeded, "created", 10, [], T0.AddSeconds(2), Ct);

        var done = await _jobs.GetAsync("j1", Ct);
        Assert.Equal((IngestionJobStatus.Succeeded, "created", 10, 10), (done!.Status, done.Outcome, done.ChunksDone, done.ChunksTotal));
        Assert.True(done.IsFinished);
        Assert.Equal(T0.AddSeconds(2), done.UpdatedAt);
        Assert.Equal(T0, done.CreatedAt);
    }

    [Fact]
    public async Task Cancelling_fails_only_the_document_s_queued_jobs_and_finished_jobs_keep_their_outcome()
    {
        await CreateAsync("j1", "a");
        await CreateAsync("j2", "a");
        await CreateAsync("j3", "b");
        await _jobs.TryClaimNextAsync(T0, Ct);

        var cancelled = await _jobs.CancelQueuedAsync("a", "DocumentDeleted", "deleted", T0, Ct);

        Assert.Equal("j2", Assert.Single(cancelled).Id);
        Assert.Equal((IngestionJobStatus.Failed, "DocumentDeleted"), ((await _jobs.GetAsync("j2", Ct))!.Status, (await _jobs.GetAsync("j2", Ct))!.ErrorCode));
        await _jobs.FailUnfinishedAsync("j1", "DocumentDeleted", "deleted while running", T0, Ct);
        Assert.Equal(IngestionJobStatus.Failed, (await _jobs.GetAsync("j1", Ct))!.Status);
        await _jobs.TryClaimNextAsync(T0, Ct);
        await _jobs.CompleteAsync("j3", IngestionJobStatus.Unchanged, "unchanged", 2, [], T0, Ct);
        await _jobs.FailUnfinishedAsync("j3", "DocumentDeleted", "too late", T0, Ct);
        Assert.Equal(IngestionJobStatus.Unchanged, (await _jobs.GetAsync("j3", Ct))!.Status);
    }

    [Fact]
    public async Task A_queued_job_fails_as_cancelled_only_while_no_worker_has_claimed_it()
    {
        await CreateAsync("j1", "a");
        await CreateAsync("j2", "a");
        var claimed = await _jobs.TryClaimNextAsync(T0, Ct);

        Assert.Equal("j1", claimed!.Id);
        Assert.False(await _jobs.FailQueuedAsync("j1", "Cancelled", "cancelled", T0, Ct));
        Assert.Equal(IngestionJobStatus.Running, (await _jobs.GetAsync("j1", Ct))!.Status);
        Assert.True(await _jobs.FailQueuedAsync("j2", "Cancelled", "cancelled", T0, Ct));
        Assert.Equal((IngestionJobStatus.Failed, "Cancelled"), ((await _jobs.GetAsync("j2", Ct))!.Status, (await _jobs.GetAsync("j2", Ct))!.ErrorCode));
        Assert.False(await _jobs.FailQueuedAsync("j2", "Cancelled", "twice", T0, Ct));
    }

    [Fact]
    public async Task Only_a_running_job_can_end_and_an_end_that_is_refused_writes_nothing()
    {
        await CreateAsync("j1", "a");
        Assert.False(await _jobs.CompleteAsync("j1", IngestionJobStatus.Succeeded, "created", 4, [], T0, Ct));
        Assert.False(await _jobs.FailAsync("j1", "Unreadable", "bad file", T0, Ct));
        Assert.False(await _jobs.RequeueAsync("j1", "Transient", "down", countAttempt: true, T0, T0, Ct));
        Assert.Equal((IngestionJobStatus.Queued, null), ((await _jobs.GetAsync("j1", Ct))!.Status, (await _jobs.GetAsync("j1", Ct))!.ErrorCode));

        await _jobs.TryClaimNextAsync(T0, Ct);
        Assert.True(await _jobs.FailAsync("j1", "Cancelled", "cancelled", T0, Ct));
        Assert.False(await _jobs.CompleteAsync("j1", IngestionJobStatus.Succeeded, "created", 4, [], T0.AddSeconds(1), Ct));
        Assert.False(await _jobs.RequeueAsync("j1", null, null, countAttempt: false, T0, T0.AddSeconds(1), Ct));
        Assert.False(await _jobs.FailAsync("j1", "Transient", "later", T0.AddSeconds(1), Ct));
        var failed = await _jobs.GetAsync("j1", Ct);
        Assert.Equal((IngestionJobStatus.Failed, "Cancelled", null, T0), (failed!.Status, failed.ErrorCode, failed.Outcome, failed.UpdatedAt));
        Assert.Null(await _jobs.TryClaimNextAsync(T0.AddSeconds(1), Ct));
    }

    [Fact]
    public async Task A_job_s_bytes_stay_in_use_until_it_finishes()
    {
        await CreateAsync("j1", "a");
        Assert.True(await State.Catalog.IsVersionInUseAsync(Sha("a"), Ct));
        await _jobs.TryClaimNextAsync(T0, Ct);
        Assert.True(await State.Catalog.IsVersionInUseAsync(Sha("a"), Ct));
        await _jobs.FailAsync("j1", "Unreadable", "bad file", T0, Ct);
        Assert.False(await State.Catalog.IsVersionInUseAsync(Sha("a"), Ct));
        Assert.Equal("bad file", (await _jobs.GetAsync("j1", Ct))!.Error);
    }

    [Fact]
    public async Task Workers_of_two_processes_claim_every_job_exactly_once()
    {
        const int count = 40;
        for (var i = 0; i < count; i++)
        {
            await CreateAsync($"j{i:00}", $"doc{i % 25}");
        }

        var processes = new[] { _jobs, Target.Open().Jobs };
        var claims = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var store = processes[w % 2];
            var idle = 0;
            while (idle < 5)
            {
                var job = await store.TryClaimNextAsync(T0, Ct);
                if (job is null)
                {
                    idle++;
                    await Task.Delay(20, Ct);
                    continue;
                }

                idle = 0;
                claims.Add(job.Id);
                await store.CompleteAsync(job.Id, IngestionJobStatus.Succeeded, "created", 1, [], T0, Ct);
            }
        }, Ct)));

        Assert.Equal(count, claims.Count);
        Assert.Equal(count, claims.Distinct().Count());
        for (var i = 0; i < count; i++)
        {
            var job = await _jobs.GetAsync($"j{i:00}", Ct);
            Assert.Equal((IngestionJobStatus.Succeeded, 1), (job!.Status, job.Attempts));
        }
    }

    [Fact]
    public async Task A_finished_job_keeps_its_warnings_and_leaves_the_unfinished_list()
    {
        await CreateAsync("j1", "a");
        await CreateAsync("j2", "a");
        Assert.Equal(["j1", "j2"], (await _jobs.ListUnfinishedAsync("a", Ct)).Select(j => j.Id));

        await _jobs.TryClaimNextAsync(T0, Ct);
        await _jobs.CompleteAsync("j1", IngestionJobStatus.Succeeded, "created", 3, ["Page 2 has no text layer."], T0, Ct);

        Assert.Equal(["Page 2 has no text layer."], (await _jobs.GetAsync("j1", Ct))!.Warnings);
        Assert.Equal(["j2"], (await _jobs.ListUnfinishedAsync("a", Ct)).Select(j => j.Id));
        Assert.Empty(await _jobs.ListUnfinishedAsync("b", Ct));
    }

    [Fact]
    public async Task A_scoped_upload_of_an_id_another_scope_has_queued_is_refused_and_writes_nothing()
    {
        await CreateScopedAsync("j1", "shared", "tenant:globex");

        await Assert.ThrowsAsync<RagBot.Core.Errors.IngestionRejectedException>(() => CreateScopedAsync("j2", "shared", "tenant:acme"));

        Assert.Null(await _jobs.GetAsync("j2", Ct));
        await CreateScopedAsync("j3", "shared", "tenant:globex");
        Assert.Equal(["j1", "j3"], (await _jobs.ListUnfinishedAsync("shared", Ct)).Select(j => j.Id));
    }

    private Task CreateScopedAsync(string id, string document, string scope) =>
        _jobs.CreateAsync(TestJobs.Queued(id, document, T0) with { Tags = [scope], OwnerScope = scope }, Ct);

    private Task CreateAsync(string id, string document) => _jobs.CreateAsync(TestJobs.Queued(id, document, T0), Ct);
}
