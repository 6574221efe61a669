using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Documents;
using RagBot.Core.Indexing;

namespace RagBot.IntegrationTests.Ingestion;

/// <summary>Uploads without waiting, polls jobs, and counts what the store really holds.</summary>
internal static class JobsClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    // A safety net against a hung worker, not a speed assertion.
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    public static async Task<(string DocumentId, string JobId)> EnqueueAsync(this HttpClient client, string fileName, byte[] content, string? documentId = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (documentId is not null)
        {
            form.Add(new StringContent(documentId), "documentId");
        }

        var response = await client.PostAsync(new Uri("/api/documents", UriKind.Relative), form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var jobId = body.GetProperty("jobId").GetString()!;
        Assert.Equal($"/api/jobs/{jobId}", response.Headers.Location?.OriginalString);
        return (body.GetProperty("documentId").GetString()!, jobId);
    }

    public static async Task<JsonElement> GetJobAsync(this HttpClient client, string jobId)
    {
        var response = await client.GetAsync(new Uri($"/api/jobs/{jobId}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public static Task<JsonElement> WaitForJobAsync(this HttpClient client, string jobId) =>
        client.WaitForJobAsync(jobId, job => job.GetProperty("status").GetString() is "succeeded" or "failed" or "unchanged");

    public static async Task<JsonElement> WaitForJobAsync(this HttpClient client, string jobId, Func<JsonElement, bool> until)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            var job = await client.GetJobAsync(jobId);
            if (until(job))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow - started < GiveUpAfter, $"job {jobId} is still {job}");
            await Task.Delay(PollInterval, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Every chunk record of the document in the active collection, whatever its version.</summary>
    public static async Task<int> CountStoredChunksAsync(this IServiceProvider services, string documentId)
    {
        var collection = await services.GetRequiredService<IChunkCollectionProvider>().GetActiveCollectionAsync(TestContext.Current.CancellationToken);
        var records = await collection.GetAsync(c => c.DocumentId == documentId, top: 100_000, cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(records.Count, records.Select(r => r.Id).Distinct().Count());
        return records.Count;
    }

    public static async Task<DocumentRecord?> GetDocumentAsync(this IServiceProvider services, string documentId) =>
        await services.GetRequiredService<IDocumentCatalog>().GetAsync(documentId, TestContext.Current.CancellationToken);

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "ragbot-tests", Guid.NewGuid().ToString("N"));

    public static void DeleteDataDirectory(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalizing connection; the OS cleans the temp folder later.
        }
    }

    public static string Markdown(string title, int sections, string marker = "") =>
        $"# {title}\n\n" + string.Concat(Enumerable.Range(0, sections).Select(i =>
            $"## {title} part {i}\n\nThe {title} ledger entry {i} records that crate {i * 7} left the {title} dock on day {i}. {(i == sections - 1 ? marker : "")}\n" +
            string.Concat(Enumerable.Repeat($"Inspectors signed the {title} manifest {i} twice before the tide turned. ", 12)) + "\n\n"));
}
