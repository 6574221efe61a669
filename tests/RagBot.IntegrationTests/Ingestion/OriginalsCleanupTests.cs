using System.Net;
using System.Text;

namespace RagBot.IntegrationTests.Ingestion;

/// <summary>
/// Issue 14: an upload that ends without a current version leaves no original behind, whatever ended it, and a
/// restart removes originals nothing references (left by a crash or an older RagBot) with their empty folders.
/// </summary>
public sealed class OriginalsCleanupTests : IDisposable
{
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();

    public void Dispose() => JobsClient.DeleteDataDirectory(_dataDirectory);

    private static Dictionary<string, string?> Settings() => new() { ["RagBot:Ingestion:MaxAttempts"] = "2" };

    [Fact]
    public async Task Every_kind_of_failed_upload_leaves_only_the_originals_of_current_documents()
    {
        using var factory = new JobsApiFactory(_dataDirectory, Settings());
        var client = factory.CreateClient();
        var (_, kept) = await client.EnqueueAsync("kept.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("kept", 2)), "kept");
        Assert.Equal("succeeded", (await client.WaitForJobAsync(kept)).GetProperty("status").GetString());
        Assert.Single(OriginalFiles());

        // Unreadable content: fails at once.
        var (_, corrupt) = await client.EnqueueAsync("broken.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nnot a cross-reference table\n%%EOF"), "broken");
        Assert.Equal("failed", (await client.WaitForJobAsync(corrupt)).GetProperty("status").GetString());
        Assert.Single(OriginalFiles());

        // A provider failing every attempt.
        var (_, poisoned) = await client.EnqueueAsync("poison.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("poison", 3, FaultyEmbedder.FailAlways)), "poison");
        Assert.Equal("failed", (await client.WaitForJobAsync(poisoned)).GetProperty("status").GetString());
        Assert.Single(OriginalFiles());

        // A failed update: the document keeps its current version and only that original.
        var (_, update) = await client.EnqueueAsync("kept.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("kept", 3, FaultyEmbedder.FailAlways)), "kept");
        Assert.Equal("failed", (await client.WaitForJobAsync(update)).GetProperty("status").GetString());
        Assert.Single(OriginalFiles());

        // Deleted while an update of it runs: neither version's original stays.
        var (stuck, created) = await client.EnqueueAsync("stuck.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("stuck", 2)), "stuck");
        Assert.Equal("succeeded", (await client.WaitForJobAsync(created)).GetProperty("status").GetString());
        factory.Embedder.HangOnMarker = true;
        var (_, stuckJob) = await client.EnqueueAsync("stuck.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("stuck", 2, FaultyEmbedder.HangMarker)), "stuck");
        await client.WaitForJobAsync(stuckJob, job => job.GetProperty("status").GetString() == "running");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"/api/documents/{stuck}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Single(OriginalFiles());
    }

    [Fact]
    public async Task A_restart_sweeps_unreferenced_originals_and_empty_shard_folders()
    {
        using (var first = new JobsApiFactory(_dataDirectory, Settings()))
        {
            var client = first.CreateClient();
            var (_, kept) = await client.EnqueueAsync("kept.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("kept", 2)), "kept");
            Assert.Equal("succeeded", (await client.WaitForJobAsync(kept)).GetProperty("status").GetString());
        }

        // What a crash leaves: an original no document or job refers to, and a half-written temporary file.
        var orphan = Path.Combine(_dataDirectory, "originals", "ff", new string('f', 64));
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllTextAsync(orphan, "orphan", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(orphan + ".0123.tmp", "partial", TestContext.Current.CancellationToken);
        var young = Path.Combine(_dataDirectory, "originals", "ee", new string('e', 64));
        Directory.CreateDirectory(Path.GetDirectoryName(young)!);
        await File.WriteAllTextAsync(young, "another process is about to record me", TestContext.Current.CancellationToken);
        var old = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(orphan, old);
        File.SetLastWriteTimeUtc(orphan + ".0123.tmp", old);

        using (var second = new JobsApiFactory(_dataDirectory, Settings()))
        {
            _ = second.CreateClient();
        }

        Assert.False(Directory.Exists(Path.GetDirectoryName(orphan)), "the emptied shard folder is removed");
        Assert.True(File.Exists(young), "an original younger than the grace period is kept");
        Assert.Equal(2, OriginalFiles().Length);
    }

    [Fact]
    public async Task An_upload_whose_job_cannot_be_queued_leaves_no_original()
    {
        using var factory = new JobsApiFactory(_dataDirectory, Settings());
        var client = factory.CreateClient();
        factory.JobStore.FailNextCreate();

        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(JobsClient.Markdown("orphan", 2))), "file", "orphan.md" } };
        using var response = await client.PostAsync(new Uri("/api/documents", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.True((int)response.StatusCode >= 500, $"{response.StatusCode}");
        Assert.Empty(OriginalFiles());
    }

    private string[] OriginalFiles()
    {
        var root = Path.Combine(_dataDirectory, "originals");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : [];
    }
}
