using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using RagBot.IntegrationTests.AppState;
using RagBot.IntegrationTests.Ingestion;
using RagBot.VectorData.Tests.Qdrant.Fake;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// Issue 19's replica test: two real API processes on one PostgreSQL (the run's throwaway cluster) and one Qdrant
/// stand-in (the spec-checking fake, on a port both use), uploads spread over both, one replica SIGKILLed while it
/// ingests. Every acknowledged upload must end exactly once (the survivor takes the dead one's jobs over when their
/// leases run out), no document may be half-visible, a chat session goes on across replicas, and readiness names
/// the database.
/// </summary>
public sealed class MultiReplicaTests(PostgreSqlCluster cluster) : IDisposable
{
    private const int DocumentsPerReplica = 8;
    private readonly string[] _dataDirectories = [JobsClient.NewDataDirectory(), JobsClient.NewDataDirectory()];

    public void Dispose()
    {
        foreach (var directory in _dataDirectories)
        {
            JobsClient.DeleteDataDirectory(directory);
        }
    }

    [Fact]
    public async Task Two_replicas_share_jobs_sessions_and_documents_and_a_killed_one_loses_no_acknowledged_upload()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await cluster.RequireAsync(nameof(MultiReplicaTests));
        await using var qdrant = FakeQdrantServer.Start();
        var settings = new Dictionary<string, string>
        {
            ["RagBot__AppState__Provider"] = "PostgreSql",
            ["RagBot__AppState__PostgreSql__ConnectionString"] = connectionString,
            ["RagBot__AppState__PostgreSql__JobLeaseSeconds"] = "5",
            ["RagBot__VectorStore__Provider"] = "Qdrant",
            ["RagBot__VectorStore__Qdrant__Url"] = qdrant.Url.ToString(),
            ["RagBot__Ingestion__EmbeddingBatchSize"] = "3",
            ["RagBot__Ingestion__WriteBatchSize"] = "3",
            ["RagBot__Ingestion__Workers"] = "2",
            ["RagBot__Ingestion__RetryDelaySeconds"] = "0",
        };

        // Started together: both migrate the empty database at once.
        var starting = _dataDirectories.Select(d => ApiProcess.StartAsync(d, settings, ct)).ToArray();
        await using var doomed = await starting[0];
        await using var survivor = await starting[1];

        var ready = await survivor.Client.GetFromJsonAsync<JsonElement>("/health/ready", ct);
        var appState = ready.GetProperty("checks").GetProperty("app-state");
        Assert.Equal("Healthy", appState.GetProperty("status").GetString());
        Assert.Contains("PostgreSQL 127.0.0.1", appState.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // A conversation started on one replica continues on the other.
        await AskAsync(doomed.Client, "What is the default upload size limit?", ct);
        await AskAsync(survivor.Client, "And how is it changed?", ct);
        var session = await survivor.Client.GetFromJsonAsync<JsonElement>("/api/chat/sessions/across-replicas", ct);
        Assert.Equal(2, session.GetProperty("turns").GetArrayLength());

        var plans = new[] { Plan("a"), Plan("b") };
        var acknowledged = new List<(PlannedUpload Upload, string JobId)>();
        var uploads = new[] { CrashRecoveryTests.UploadUntilRefusedAsync(doomed.Client, plans[0], acknowledged, ct), CrashRecoveryTests.UploadUntilRefusedAsync(survivor.Client, plans[1], acknowledged, ct) };
        await WaitForSucceededJobsAsync(survivor.Client, acknowledged, 4, ct);
        var violationsBeforeKill = qdrant.Violations.Count;
        await doomed.KillAsync();
        await Task.WhenAll(uploads);

        var recorded = await RecordedJobsAsync(connectionString, ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Count} uploads acknowledged, {recorded.Count} jobs recorded when a replica was killed.");
        Assert.All(acknowledged, a => Assert.Contains((a.JobId, a.Upload.DocumentId, a.Upload.Sha256), recorded));
        Assert.Equal(recorded.Count, recorded.Select(j => (j.DocumentId, j.Sha256)).Distinct().Count());
        foreach (var (jobId, documentId, _) in recorded)
        {
            var job = await CrashRecoveryTests.WaitUntilTerminalAsync(survivor.Client, jobId, ct);
            Assert.True(job.GetProperty("status").GetString() is "succeeded" or "unchanged", $"{documentId}: {job}\n{survivor.Output}");
        }

        foreach (var documentId in recorded.Select(j => j.DocumentId).Distinct())
        {
            var document = await survivor.Client.GetFromJsonAsync<JsonElement>($"/api/documents/{documentId}", ct);
            Assert.Equal(recorded.Last(j => j.DocumentId == documentId).Sha256, document.GetProperty("sha256").GetString());
            Assert.Equal(document.GetProperty("chunkCount").GetInt32(), await CrashRecoveryTests.SearchOwnChunksAsync(survivor.Client, documentId, ct));
        }

        // A replica SIGKILLed in the middle of an upsert leaves a chunked request body cut short, which the fake reads
        // as JSON that ends early. That, after the kill, is the only break of Qdrant's spec this test expects.
        var violations = qdrant.Violations.ToList();
        Assert.True(violations.Take(violationsBeforeKill).ToList() is [], string.Join("\n", violations));
        Assert.All(violations.Skip(violationsBeforeKill), v => Assert.Contains("the request body is not JSON", v, StringComparison.Ordinal));
    }

    private static List<PlannedUpload> Plan(string replica) =>
        [.. Enumerable.Range(0, DocumentsPerReplica).Select(i => PlannedUpload.Of($"replica-{replica}-{i:D2}", CrashCorpus.Markdown((replica == "a" ? 0 : 500) + i, sections: 8 + (i % 5))))];

    private static async Task AskAsync(HttpClient client, string message, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), new { message, sessionId = "across-replicas" }, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task WaitForSucceededJobsAsync(HttpClient client, List<(PlannedUpload Upload, string JobId)> acknowledged, int count, CancellationToken ct)
    {
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            List<string> jobs;
            lock (acknowledged)
            {
                jobs = [.. acknowledged.Select(a => a.JobId)];
            }

            var succeeded = 0;
            foreach (var jobId in jobs)
            {
                var job = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}", ct);
                succeeded += job.GetProperty("status").GetString() == "succeeded" ? 1 : 0;
            }

            if (succeeded >= count)
            {
                return;
            }

            // A safety net against workers that never run, not a speed assertion.
            Assert.True(waiting.Elapsed < TimeSpan.FromMinutes(2), "no job succeeded");
            await Task.Delay(50, ct);
        }
    }

    private static async Task<List<(string JobId, string DocumentId, string Sha256)>> RecordedJobsAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT id, document_id, sha256 FROM jobs ORDER BY seq", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var jobs = new List<(string, string, string)>();
        while (await reader.ReadAsync(ct))
        {
            jobs.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return jobs;
    }
}
