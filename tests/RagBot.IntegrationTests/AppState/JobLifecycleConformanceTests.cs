using Microsoft.Extensions.Logging.Abstractions;
using RagBot.Core.Jobs;
using RagBot.Ingestion;
using RagBot.Ingestion.Jobs;

namespace RagBot.IntegrationTests.AppState;

/// <summary>
/// The job-state owner (<see cref="IngestionJobLifecycle"/>) over every app-state provider's real job store: the
/// legal transitions, the ones it refuses (a second end of one claim, an end the store no longer has running), and
/// cancels and deletions racing a running job. The runner is played by the test, so each race is taken step by step.
/// </summary>
public abstract class JobLifecycleConformanceTests(IAppStateTarget target) : AppStateTargetTests(target)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private IngestionJobLifecycle _jobs = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _jobs = new IngestionJobLifecycle(State.Jobs, TimeProvider.System, NullLogger<IngestionJobLifecycle>.Instance);
    }

    [Fact]
    public async Task A_claimed_job_reports_progress_and_completes_once()
    {
        await _jobs.EnqueueAsync(NewJob("j1", "a"), Ct);
        using var claimed = await ClaimAsync();
        Assert.Equal(("j1", IngestionJobStatus.Running, 1), (claimed.Job.Id, claimed.Job.Status, claimed.Job.Attempts));

        claimed.Progress.Report((3, 10));
        Assert.True(await _jobs.CompleteAsync(claimed, new IngestionResult("a", IngestionStatus.Created, 10)));

        var done = await _jobs.GetAsync("j1", Ct);
        Assert.Equal((IngestionJobStatus.Succeeded, JobOutcomes.Created, 10), (done!.Status, done.Outcome, done.ChunksDone));
        Assert.Equal(IngestionJobStatus.Succeeded, claimed.EndedAs);
        var twice = await Assert.ThrowsAsync<InvalidOperationException>(() => _jobs.FailAsync(claimed, "Transient", "late failure"));
        Assert.Contains("already left running (succeeded)", twice.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _jobs.RequeueAsync(claimed, null, null, countAttempt: false, TimeSpan.Zero));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _jobs.CompleteAsync(claimed, new IngestionResult("a", IngestionStatus.Unchanged, 10)));
        Assert.Equal(IngestionJobStatus.Succeeded, (await _jobs.GetAsync("j1", Ct))!.Status);
    }

    [Fact]
    public async Task A_failed_job_keeps_the_progress_it_reported_and_its_reason()
    {
        await _jobs.EnqueueAsync(NewJob("j1", "a"), Ct);
        using var claimed = await ClaimAsync();

        claimed.Progress.Report((4, 12));
        Assert.True(await _jobs.FailAsync(claimed, "Unreadable", "bad file"));

        var failed = await _jobs.GetAsync("j1", Ct);
        Assert.Equal((IngestionJobStatus.Failed, "Unreadable", "bad file", 4, 12), (failed!.Status, failed.ErrorCode, failed.Error, failed.ChunksDone, failed.ChunksTotal));
        Assert.Equal(12, claimed.ChunksTotal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _jobs.CompleteAsync(claimed, new IngestionResult("a", IngestionStatus.Created, 12)));
    }

    [Fact]
    public async Task A_requeued_job_is_claimed_again_and_only_a_retry_spends_an_attempt()
    {
        await _jobs.EnqueueAsync(NewJob("j1", "a"), Ct);
        using (var first = await ClaimAsync())
        {
            Assert.True(await _jobs.RequeueAsync(first, "Transient", "embedder down", countAttempt: true, TimeSpan.Zero));
        }

        using (var second = await ClaimAsync())
        {
            Assert.Equal((2, "Transient"), (second.Job.Attempts, second.Job.ErrorCode));
            Assert.True(await _jobs.RequeueAsync(second, null, null, countAttempt: false, TimeSpan.Zero));
        }

        var queued = await _jobs.GetAsync("j1", Ct);
        Assert.Equal((IngestionJobStatus.Queued, 1, "embedder down"), (queued!.Status, queued.Attempts, queued.Error));
    }

    [Fact]
    public async Task An_end_of_a_job_another_party_already_ended_is_refused_by_the_store()
    {
        await _jobs.EnqueueAsync(NewJob("j1", "a"), Ct);
        using var claimed = await ClaimAsync();
        // Another process ended it meanwhile (a deletion's second pass, or a replica that took the lease over).
        await Target.Open().Jobs.FailUnfinishedAsync("j1", JobStopReason.DeletedCode, "deleted", DateTimeOffset.UtcNow, Ct);

        Assert.False(await _jobs.CompleteAsync(claimed, new IngestionResult("a", IngestionStatus.Created, 3)));

        var job = await _jobs.GetAsync("j1", Ct);
        Assert.Equal((IngestionJobStatus.Failed, JobStopReason.DeletedCode, null), (job!.Status, job.ErrorCode, job.Outcome));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _jobs.FailAsync(claimed, "Transient", "again"));
    }

    [Fact]
    public async Task Cancelling_a_queued_job_fails_it_before_any_worker_claims_it()
    {
        await _jobs.EnqueueAsync(NewJob("j1", "a"), Ct);
        var released = new List<string>();

        var ended = await _jobs.CancelAsync("j1", job => Add(released, job), Ct);

        Assert.Equal((IngestionJobStatus.Failed, JobStopReason.CancelledCode), (ended!.Status, ended.ErrorCode));
        Assert.Equal(["j1"], released);
        Assert.Null(await _jobs.ClaimAsync(TimeSpan.Zero, Ct));
        Assert.Null(await _jobs.CancelAsync("unknown", job => Add(released, job), Ct));
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_it_and_waits_until_its_runner_records_the_cancel()
    {
        await _jobs.EnqueueAsync(NewJob("j1", "a"), Ct);
        var released = new List<string>();
        var claimed = await ClaimAsync();

        var cancel = _jobs.CancelAsync("j1", job => Add(released, job), Ct);
        await WhenStoppedAsync(claimed);
        Assert.Equal(JobStopReason.CancelledCode, claimed.StopReason!.Code);
        Assert.False(cancel.IsCompleted, "the cancel returns once the job has ended");
        Assert.True(await _jobs.FailAsync(claimed, claimed.StopReason.Code, claimed.StopReason.Message));
        claimed.Dispose();

        var ended = await cancel.WaitAsync(Wait, Ct);
        Assert.Equal((IngestionJobStatus.Failed, JobStopReason.CancelledCode), (ended!.Status, ended.ErrorCode));
        Assert.Empty(released); // its runner cleans up after a job it ran
    }

    [Fact]
    public async Task A_job_that_completes_after_a_cancel_was_asked_keeps_its_outcome_and_a_later_cancel_changes_nothing()
    {
        await _jobs.EnqueueAsync(NewJob("j1", "a"), Ct);
        var claimed = await ClaimAsync();

        var cancel = _jobs.CancelAsync("j1", _ => Task.CompletedTask, Ct);
        await WhenStoppedAsync(claimed);
        // The cancel came after the version was committed: the job's work is done and its record says so.
        Assert.True(await _jobs.CompleteAsync(claimed, new IngestionResult("a", IngestionStatus.Created, 2)));
        claimed.Dispose();

        Assert.Equal(IngestionJobStatus.Succeeded, (await cancel.WaitAsync(Wait, Ct))!.Status);
        Assert.Equal(IngestionJobStatus.Succeeded, (await _jobs.CancelAsync("j1", _ => Task.CompletedTask, Ct))!.Status);
    }

    [Fact]
    public async Task Deleting_a_document_fails_its_queued_job_and_waits_for_its_running_one()
    {
        await _jobs.EnqueueAsync(NewJob("j1", "a"), Ct);
        await _jobs.EnqueueAsync(NewJob("j2", "a"), Ct);
        await _jobs.EnqueueAsync(NewJob("j3", "b"), Ct);
        var claimed = await ClaimAsync();
        DocumentJobsStopped? stopped = null;

        var deletion = _jobs.DeleteDocumentJobsAsync("a", s =>
        {
            stopped = s;
            return Task.CompletedTask;
        });
        await WhenStoppedAsync(claimed);
        Assert.Equal(JobStopReason.DeletedCode, claimed.StopReason!.Code);
        Assert.False(deletion.IsCompleted, "the deletion waits for the running job to end");
        Assert.True(await _jobs.FailAsync(claimed, claimed.StopReason.Code, claimed.StopReason.Message));
        claimed.Dispose();
        await deletion.WaitAsync(Wait, Ct);

        Assert.Equal(["j2"], stopped!.Cancelled.Select(j => j.Id));
        Assert.Equal(["j1"], stopped.Stopped.Select(j => j.Id));
        Assert.Equal(["j2", "j1"], stopped.All.Select(j => j.Id));
        Assert.Empty(await _jobs.ListUnfinishedAsync("a", Ct));
        Assert.Equal(["j3"], (await _jobs.ListUnfinishedAsync("b", Ct)).Select(j => j.Id));
    }

    [Fact]
    public async Task A_job_claimed_while_its_document_is_being_removed_starts_stopped()
    {
        var removing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deletion = _jobs.DeleteDocumentJobsAsync("a", async _ =>
        {
            removing.SetResult();
            await release.Task;
        });
        await removing.Task.WaitAsync(Wait, Ct);

        // An upload of the document that arrives while its deletion removes it never runs for real.
        await _jobs.EnqueueAsync(NewJob("j1", "a"), Ct);
        using var claimed = await ClaimAsync();
        Assert.True(claimed.Token.IsCancellationRequested);
        Assert.Equal(JobStopReason.DeletedCode, claimed.StopReason!.Code);
        release.SetResult();
        await deletion.WaitAsync(Wait, Ct);

        Assert.True(await _jobs.FailAsync(claimed, claimed.StopReason.Code, claimed.StopReason.Message));
    }

    [Fact]
    public async Task A_wait_returns_the_job_as_it_ends_and_only_queued_jobs_can_be_enqueued()
    {
        await _jobs.EnqueueAsync(NewJob("j1", "a"), Ct);
        var claimed = await ClaimAsync();
        var wait = _jobs.WaitUntilFinishedAsync("j1", Wait, Ct);
        Assert.True(await _jobs.CompleteAsync(claimed, new IngestionResult("a", IngestionStatus.Unchanged, 5)));
        claimed.Dispose();

        var ended = await wait.WaitAsync(Wait, Ct);
        Assert.Equal((IngestionJobStatus.Unchanged, JobOutcomes.Unchanged), (ended!.Status, ended.Outcome));
        Assert.Null(await _jobs.WaitUntilFinishedAsync("unknown", Wait, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _jobs.EnqueueAsync(NewJob("j2", "a") with { Status = IngestionJobStatus.Running }, Ct));
        Assert.Null(await _jobs.GetAsync("j2", Ct));
    }

    private static Task Add(List<string> released, IngestionJob job)
    {
        released.Add(job.Id);
        return Task.CompletedTask;
    }

    private static async Task WhenStoppedAsync(ClaimedJob claimed)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (claimed.Token.Register(stopped.SetResult))
        {
            await stopped.Task.WaitAsync(Wait, Ct);
        }
    }

    private async Task<ClaimedJob> ClaimAsync() => await _jobs.ClaimAsync(TimeSpan.Zero, Ct) ?? throw new InvalidOperationException("A job was expected to be runnable.");

    private static IngestionJob NewJob(string id, string document) => TestJobs.Queued(id, document, DateTimeOffset.UtcNow.AddMinutes(-1));
}
