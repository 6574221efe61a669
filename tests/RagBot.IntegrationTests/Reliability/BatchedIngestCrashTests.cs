using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Chunks;
using RagBot.Core.Documents;
using RagBot.Ingestion.Parsers;
using RagBot.IntegrationTests.Cli;
using RagBot.IntegrationTests.Ingestion;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// Batched ingestion of small files (issue 17) keeps crash safety: <c>ragbot ingest</c> runs as a real process and is
/// SIGKILLed after some batches are committed. Every document in the catalog then has all its chunks and its
/// original; the others are absent; and running the same ingest again finishes the rest, with no chunk twice.
/// </summary>
public sealed class BatchedIngestCrashTests : IDisposable
{
    private const int Files = 480;
    private const int KillAfterDocuments = 48;
    private readonly CliRunner _cli = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("ragbot-batch-crash-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_killed_batched_ingest_leaves_each_document_whole_or_absent_and_a_rerun_finishes_the_rest()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        for (var i = 0; i < Files; i++)
        {
            // One to four chunks each (256-token target), so a document cut in half would show.
            await File.WriteAllTextAsync(Path.Combine(_folder, $"note-{i:D3}.txt"), Note(i, paragraphs: 1 + (i % 4)), cancellationToken);
        }

        var catalogedAtKill = await IngestAndKillAsync(cancellationToken);
        Assert.InRange(catalogedAtKill, KillAfterDocuments, Files - 1);

        using (var host = new JobsApiFactory(_cli.DataDirectory))
        {
            var documents = await host.Services.GetRequiredService<IDocumentCatalog>().ListAsync(cancellationToken);
            Assert.InRange(documents.Count, catalogedAtKill, Files - 1);
            await AssertWholeAsync(host.Services, documents, cancellationToken);
        }

        var rerun = await _cli.RunAsync("ingest", _folder, "--output", "json");
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        using (var summary = JsonDocument.Parse(rerun.Stdout))
        {
            Assert.Equal(Files, summary.RootElement.GetProperty("added").GetInt32() + summary.RootElement.GetProperty("unchanged").GetInt32());
            Assert.Equal(0, summary.RootElement.GetProperty("failed").GetInt32());
        }

        using (var host = new JobsApiFactory(_cli.DataDirectory))
        {
            var documents = await host.Services.GetRequiredService<IDocumentCatalog>().ListAsync(cancellationToken);
            Assert.Equal(Files, documents.Count);
            await AssertWholeAsync(host.Services, documents, cancellationToken);
        }
    }

    /// <summary>Starts `ragbot ingest` as a process and SIGKILLs it once the catalog holds some batches; returns the catalog count seen just before.</summary>
    private async Task<long> IngestAndKillAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { BuiltAssembly.PathOf("RagBot.Cli", "ragbot.dll"), "ingest", _folder, "--data-dir", _cli.DataDirectory, "--batch", "16", "--parallel", "2" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["RagBot__Embeddings__Provider"] = "Hashing";
        start.Environment["RagBot__Ingestion__SeedDirectory"] = "";
        // Many store transactions per batch, so the kill can land between two writes of one batch's chunks.
        start.Environment["RagBot__Ingestion__WriteBatchSize"] = "3";
        start.Environment["RagBot__Ingestion__EmbeddingBatchSize"] = "3";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var waiting = Stopwatch.StartNew();
            long cataloged;
            while ((cataloged = CountCatalogued()) < KillAfterDocuments)
            {
                // Safety nets against an ingest that never gets there, not speed assertions.
                Assert.False(process.HasExited, "ragbot ingest ended before the kill:\n" + output);
                Assert.True(waiting.Elapsed < TimeSpan.FromMinutes(2), "no batch was committed:\n" + output);
                await Task.Delay(5, cancellationToken);
            }

            Assert.False(process.HasExited, "ragbot ingest ended before the kill:\n" + output);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancellationToken);
            return cataloged;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private long CountCatalogued()
    {
        var path = Path.Combine(_cli.DataDirectory, "ragbot.db");
        if (!File.Exists(path))
        {
            return 0;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM documents";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            // The schema is not there yet.
            return 0;
        }
    }

    /// <summary>Each document's stored chunks are exactly those of a clean parse and chunk of its file, and its original is stored.</summary>
    private async Task AssertWholeAsync(IServiceProvider services, IReadOnlyList<DocumentRecord> documents, CancellationToken cancellationToken)
    {
        var parser = services.GetRequiredService<DocumentParserRegistry>().GetParser("text/plain");
        var chunker = services.GetRequiredService<IChunker>();
        var originals = services.GetRequiredService<IOriginalStore>();
        foreach (var document in documents)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_folder, document.Source), cancellationToken);
            using var stream = new MemoryStream(bytes);
            var clean = chunker.Chunk(await parser.ParseAsync(stream, document.Source, cancellationToken), cancellationToken).Count;
            Assert.Equal(clean, document.ChunkCount);
            Assert.Equal(clean, await services.CountStoredChunksAsync(document.Id));
            Assert.Equal(bytes, await originals.ReadAsync(document.Sha256, cancellationToken));
        }
    }

    private static string Note(int i, int paragraphs)
    {
        string[] topics = ["greenhouse", "compost", "irrigation", "pruning", "seedlings", "orchard", "beehives", "mulch"];
        var text = new StringBuilder($"Garden note {i}\n\n");
        for (var p = 0; p < paragraphs; p++)
        {
            for (var s = 0; s < 12; s++)
            {
                text.Append($"Note {i} paragraph {p} line {s}: the {topics[(i + p + s) % topics.Length]} plan for bed {(i * 7) + s} needs {s + p + 2} hours of work on day {(i + s) % 30}. ");
            }

            text.Append("\n\n");
        }

        return text.ToString();
    }
}
