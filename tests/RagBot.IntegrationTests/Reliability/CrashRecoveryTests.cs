using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Chunks;
using RagBot.Ingestion.Parsers;
using RagBot.IntegrationTests.Ingestion;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// Issue 9's crash test: the real server process is SIGKILLed while it ingests, restarted on the same data
/// directory, and must finish every acknowledged upload exactly once with no half-visible document.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Documents = 48;
    private const int KillAfterSucceeded = 4;
    private static readonly string[] Terminal = ["succeeded", "unchanged", "failed"];
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();

    private static readonly Dictionary<string, string> Settings = new()
    {
        // Small batches and two workers: every job commits several times, so a kill lands between commits.
        ["RagBot__Ingestion__EmbeddingBatchSize"] = "3",
        ["RagBot__Ingestion__WriteBatchSize"] = "3",
        ["RagBot__Ingestion__Workers"] = "2",
        ["RagBot__Ingestion__RetryDelaySeconds"] = "0",
    };

    public void Dispose() => JobsClient.DeleteDataDirectory(_dataDirectory);

    [Fact]
    public async Task A_server_killed_mid_ingestion_finishes_every_job_exactly_once_after_restart_with_no_half_visible_document()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var plan = UploadPlan();
        var acknowledged = new List<(PlannedUpload Upload, string JobId)>();
        int terminalAtKill;

        await using (var first = await ApiProcess.StartAsync(_dataDirectory, Settings, cancellationToken))
        {
            // Uploads keep coming while the first jobs run; the kill cuts them off too.
            var uploads = UploadUntilRefusedAsync(first.Client, plan, acknowledged, cancellationToken);
            var waiting = System.Diagnostics.Stopwatch.StartNew();
            while (!await FirstJobsSucceededAsync(first.Client, acknowledged, cancellationToken))
            {
                // A safety net against a worker that never runs, not a speed assertion.
                Assert.True(waiting.Elapsed < TimeSpan.FromMinutes(2), "the first jobs never succeeded:\n" + first.Output);
                await Task.Delay(20, cancellationToken);
            }

            await first.KillAsync();
            await uploads;
            terminalAtKill = CountJobs(_dataDirectory, "status IN ('succeeded', 'unchanged', 'failed')");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{acknowledged.Count} of {plan.Count} uploads acknowledged, {CountJobs(_dataDirectory, "1 = 1")} jobs recorded, {terminalAtKill} finished when the server was killed.");
        Assert.True(acknowledged.Count >= KillAfterSucceeded);
        AssertIntegrity(_dataDirectory);

        // One job row per planned upload at most (each carries different bytes), and every acknowledged one is there.
        var recorded = RecordedJobs(_dataDirectory);
        Assert.Equal(recorded.Count, recorded.Select(j => (j.DocumentId, j.Sha256)).Distinct().Count());
        Assert.All(acknowledged, a => Assert.Contains((a.JobId, a.Upload.DocumentId, a.Upload.Sha256), recorded));
        var expected = plan.Select(u => u.DocumentId).Distinct().ToDictionary(id => id, id => recorded.Where(j => j.DocumentId == id).Select(j => j.Sha256).LastOrDefault());

        await using (var second = await ApiProcess.StartAsync(_dataDirectory, Settings, cancellationToken))
        {
            foreach (var (jobId, documentId, _) in recorded)
            {
                var job = await WaitUntilTerminalAsync(second.Client, jobId, cancellationToken);
                // "unchanged": the killed attempt had already made the document current, so the re-run found nothing to do.
                Assert.True(job.GetProperty("status").GetString() is "succeeded" or "unchanged", $"{documentId}: {job}");
            }

            foreach (var (documentId, sha256) in expected)
            {
                using var response = await second.Client.GetAsync(new Uri($"/api/documents/{documentId}", UriKind.Relative), cancellationToken);
                if (sha256 is null)
                {
                    Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                    Assert.Equal(0, await SearchOwnChunksAsync(second.Client, documentId, cancellationToken));
                    continue;
                }

                var document = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                Assert.Equal(sha256, document.GetProperty("sha256").GetString());
                Assert.Equal(document.GetProperty("chunkCount").GetInt32(), await SearchOwnChunksAsync(second.Client, documentId, cancellationToken));
            }

            Assert.Equal(0, CountJobs(_dataDirectory, "status NOT IN ('succeeded', 'unchanged')"));
            Assert.Equal(recorded.Count, CountJobs(_dataDirectory, "1 = 1"));
            await second.KillAsync();
        }

        AssertIntegrity(_dataDirectory);
        await AssertStoreHoldsExactlyCleanIngestsAsync(plan, expected, cancellationToken);
    }

    /// <summary>
    /// 48 new documents, and 8 updates of the first ones with other content: four early (so the kill can land
    /// inside an update) and four last.
    /// </summary>
    private static List<PlannedUpload> UploadPlan()
    {
        PlannedUpload Create(int i) => PlannedUpload.Of($"crash-{i:D2}", CrashCorpus.Markdown(i, sections: 10 + (i % 7)));
        PlannedUpload Update(int i) => PlannedUpload.Of($"crash-{i:D2}", CrashCorpus.Markdown(1000 + i, sections: 9 + (i % 5)));
        return [.. Enumerable.Range(0, 6).Select(Create), .. Enumerable.Range(0, 4).Select(Update), .. Enumerable.Range(6, Documents - 6).Select(Create), .. Enumerable.Range(4, 4).Select(Update)];
    }

    /// <summary>Every document's stored chunks (any version, visible or not) equal what a clean parse and chunk of its expected content gives.</summary>
    private async Task AssertStoreHoldsExactlyCleanIngestsAsync(List<PlannedUpload> plan, Dictionary<string, string?> expected, CancellationToken cancellationToken)
    {
        using var host = new JobsApiFactory(_dataDirectory);
        var parser = host.Services.GetRequiredService<DocumentParserRegistry>().GetParser("text/markdown");
        var chunker = host.Services.GetRequiredService<IChunker>();
        foreach (var (documentId, sha256) in expected)
        {
            var clean = 0;
            if (sha256 is not null)
            {
                using var stream = new MemoryStream(plan.First(u => u.Sha256 == sha256).Content);
                clean = chunker.Chunk(await parser.ParseAsync(stream, documentId + ".md", cancellationToken), cancellationToken).Count;
            }

            Assert.Equal(clean, (await host.Services.GetDocumentAsync(documentId))?.ChunkCount ?? 0);
            Assert.Equal(clean, await host.Services.CountStoredChunksAsync(documentId));
        }
    }

    /// <summary>Uploads one after another until the server stops answering; acknowledged holds each 202's job id.</summary>
    internal static async Task UploadUntilRefusedAsync(HttpClient client, List<PlannedUpload> plan, List<(PlannedUpload Upload, string JobId)> acknowledged, CancellationToken cancellationToken)
    {
        foreach (var upload in plan)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(upload.Content);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
            form.Add(file, "file", upload.DocumentId + ".md");
            form.Add(new StringContent(upload.DocumentId), "documentId");
            form.Add(new StringContent("doc:" + upload.DocumentId), "tags");
            try
            {
                using var response = await client.PostAsync(new Uri("/api/documents", UriKind.Relative), form, cancellationToken);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("jobId").GetString()!;
                lock (acknowledged)
                {
                    acknowledged.Add((upload, jobId));
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException)
            {
                // Cut off by the kill: the client never learned the job id, so the upload is not acknowledged.
                return;
            }
        }
    }

    private static async Task<bool> FirstJobsSucceededAsync(HttpClient client, List<(PlannedUpload Upload, string JobId)> acknowledged, CancellationToken cancellationToken)
    {
        List<string> first;
        lock (acknowledged)
        {
            first = acknowledged.Take(KillAfterSucceeded).Select(a => a.JobId).ToList();
        }

        if (first.Count < KillAfterSucceeded)
        {
            return false;
        }

        foreach (var jobId in first)
        {
            var job = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/jobs/{jobId}", UriKind.Relative), cancellationToken);
            if (job.GetProperty("status").GetString() != "succeeded")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every job row as (job id, document id, version), in queue order.</summary>
    private static List<(string JobId, string DocumentId, string Sha256)> RecordedJobs(string dataDirectory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "ragbot.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, document_id, sha256 FROM jobs ORDER BY seq";
        using var reader = command.ExecuteReader();
        var jobs = new List<(string, string, string)>();
        while (reader.Read())
        {
            jobs.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return jobs;
    }

    internal static async Task<JsonElement> WaitUntilTerminalAsync(HttpClient client, string jobId, CancellationToken cancellationToken)
    {
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/jobs/{jobId}", UriKind.Relative), cancellationToken);
            if (Terminal.Contains(job.GetProperty("status").GetString()))
            {
                return job;
            }

            // A stuck job fails the test instead of hanging it; not a speed assertion.
            Assert.True(waiting.Elapsed < TimeSpan.FromMinutes(2), $"job {jobId} is stuck: {job}");

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>How many chunks of the document a search can return (each document carries its own doc:&lt;id&gt; tag).</summary>
    internal static async Task<int> SearchOwnChunksAsync(HttpClient client, string documentId, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(
            new Uri("/api/search", UriKind.Relative),
            new { query = "ledger manifest crate dock", filters = new[] { "doc:" + documentId }, topK = 100, minScore = -1 },
            cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hits = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.All(hits.EnumerateArray(), hit => Assert.Equal(documentId, hit.GetProperty("documentId").GetString()));
        return hits.GetArrayLength();
    }

    private static int CountJobs(string dataDirectory, string where)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "ragbot.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM jobs WHERE {where}";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AssertIntegrity(string dataDirectory)
    {
        foreach (var file in new[] { "ragbot.db", "vectors.db" })
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, file)};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", command.ExecuteScalar() as string);
        }
    }
}
