using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.VectorData;
using RagBot.Chat;
using RagBot.Core.Chat;
using RagBot.Core.Indexing;
using RagBot.Core.Documents;
using RagBot.Hosting;
using RagBot.Indexing;
using RagBot.Ingestion;

namespace RagBot.IntegrationTests.Cli;

/// <summary>Zero-downtime reindex on a real host (real SQLite files, local embedder, extractive answerer).</summary>
public sealed class ReindexTests : IDisposable
{
    private const int DocumentCount = 40;
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task Chat_keeps_answering_throughout_a_reindex()
    {
        using var host = BuildHost();
        await IngestAsync(host);
        var chat = host.Services.GetRequiredService<GroundedChatService>();
        var reindexer = host.Services.GetRequiredService<IndexReindexer>();
        var cancellation = TestContext.Current.CancellationToken;

        using var stop = new CancellationTokenSource();
        var answers = new List<ChatAnswer>();
        var loop = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested || answers.Count < 5)
            {
                var topic = i++ % DocumentCount;
                answers.Add(await chat.AskAsync(new ChatQuestion($"How should zeppelin model {Word(topic)} be calibrated?"), cancellation));
            }
        }, cancellation);

        var report = await reindexer.RunAsync("test", progress: null, cancellation);
        var afterSwitch = answers.Count;
        while (answers.Count < afterSwitch + 5 && !loop.IsCompleted)
        {
            await Task.Delay(20, cancellation);
        }

        await stop.CancelAsync();
        await loop;

        Assert.Equal(2, report.Activated.Id);
        Assert.NotEmpty(answers);
        Assert.All(answers, a =>
        {
            Assert.False(string.IsNullOrWhiteSpace(a.Answer));
            Assert.Equal(AnswerMode.Extractive, a.Mode);
            Assert.NotEmpty(a.Citations);
        });
        var store = host.Services.GetRequiredService<VectorStore>();
        Assert.False(await store.CollectionExistsAsync("ragbot-chunks", cancellation));
        Assert.True(await store.CollectionExistsAsync("ragbot-chunks-g2", cancellation));
    }

    [Fact]
    public async Task An_interrupted_reindex_resumes_where_it_stopped()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using (var host = BuildHost())
        {
            await IngestAsync(host);
            var reindexer = host.Services.GetRequiredService<IndexReindexer>();
            using var interrupt = new CancellationTokenSource();
            var progress = new InlineProgress(p =>
            {
                if (p.Done >= 10)
                {
                    interrupt.Cancel();
                }
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reindexer.RunAsync("test", progress, interrupt.Token));

            var generations = host.Services.GetRequiredService<IIndexGenerationStore>();
            var building = await generations.GetBuildingAsync(cancellation);
            Assert.NotNull(building);
            var done = await generations.GetProgressAsync(building.Id, cancellation);
            Assert.InRange(done.Count, 10, DocumentCount - 1);
            Assert.Equal(1, (await generations.GetActiveAsync(cancellation))!.Id);

            // Chat still answers from generation 1 while generation 2 is half built.
            var answer = await host.Services.GetRequiredService<GroundedChatService>().AskAsync(new ChatQuestion($"How should zeppelin model {Word(3)} be calibrated?"), cancellation);
            Assert.Equal(AnswerMode.Extractive, answer.Mode);
        }

        // A new process (host) on the same data directory: the CLI's reindex continues generation 2.
        var plan = await _cli.RunAsync("reindex", "--dry-run", "--output", "json");
        Assert.Contains("\"resuming\": {", plan.Stdout, StringComparison.Ordinal);

        var rerun = await _cli.RunAsync("reindex", "--output", "json");
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        Assert.Contains("\"resumed\": true", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"id\": 2", rerun.Stdout, StringComparison.Ordinal);

        using var after = BuildHost();
        var store = after.Services.GetRequiredService<IIndexGenerationStore>();
        Assert.Null(await store.GetBuildingAsync(cancellation));
        Assert.Equal(2, (await store.GetActiveAsync(cancellation))!.Id);
        var result = await after.Services.GetRequiredService<GroundedChatService>().AskAsync(new ChatQuestion($"How should zeppelin model {Word(7)} be calibrated?"), cancellation);
        Assert.Contains(result.Citations, c => c.Source == $"zeppelin-{Word(7)}.md");
    }

    [Fact]
    public async Task A_second_reindex_of_the_same_data_directory_is_refused_plainly()
    {
        using var host = BuildHost();
        await IngestAsync(host, count: 2);
        using var held = host.Services.GetRequiredService<IndexReindexer>().AcquireLock("the test");

        var refused = await _cli.RunAsync("reindex");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already running (the test, pid", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Documents_uploaded_during_a_reindex_are_in_the_new_generation()
    {
        using var host = BuildHost();
        await IngestAsync(host);
        var ingestor = host.Services.GetRequiredService<DocumentIngestor>();
        var cancellation = TestContext.Current.CancellationToken;
        var uploaded = false;
        var progress = new InlineProgress(p =>
        {
            if (p.Done == 5 && !uploaded)
            {
                uploaded = true;
                ingestor.IngestAsync(Upload("late-arrival", "The late arrival explains how to fold a paper crane."), CancellationToken.None).GetAwaiter().GetResult();
            }
        });

        var report = await host.Services.GetRequiredService<IndexReindexer>().RunAsync("test", progress, cancellation);

        Assert.True(uploaded);
        Assert.Equal(DocumentCount + 1, report.Documents);
        var answer = await host.Services.GetRequiredService<GroundedChatService>().AskAsync(new ChatQuestion("How do I fold a paper crane?"), cancellation);
        Assert.Contains(answer.Citations, c => c.DocumentId == "late-arrival");
    }

    [Fact]
    public async Task A_document_retagged_during_a_reindex_carries_its_new_tags_in_the_new_generation()
    {
        using var host = BuildHost();
        await IngestAsync(host);
        var ingestor = host.Services.GetRequiredService<DocumentIngestor>();
        var catalog = host.Services.GetRequiredService<IDocumentCatalog>();
        var originals = host.Services.GetRequiredService<IOriginalStore>();
        var cancellation = TestContext.Current.CancellationToken;
        string? retagged = null;
        var progress = new InlineProgress(p =>
        {
            // Same bytes, new tags, for a document this pass has already rebuilt.
            if (p.Done == 5 && retagged is null && p.CurrentDocument is { } rebuilt)
            {
                retagged = rebuilt;
                var record = catalog.GetAsync(rebuilt, CancellationToken.None).GetAwaiter().GetResult()!;
                var bytes = originals.ReadAsync(record.Sha256, CancellationToken.None).GetAwaiter().GetResult()!;
                ingestor.IngestAsync(new DocumentUpload(record.Source, bytes) { DocumentId = rebuilt, Tags = ["team:blue"] }, CancellationToken.None).GetAwaiter().GetResult();
            }
        });

        await host.Services.GetRequiredService<IndexReindexer>().RunAsync("test", progress, cancellation);

        Assert.NotNull(retagged);
        var collection = await host.Services.GetRequiredService<IChunkCollectionProvider>().GetActiveCollectionAsync(cancellation);
        var chunks = await collection.GetAsync(c => c.DocumentId == retagged, top: 100, cancellationToken: cancellation).ToListAsync(cancellation);
        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.Equal(["team:blue"], c.Tags));
    }

    private IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(_cli.Settings);
        builder.Logging.ClearProviders();
        builder.AddRagBot(seedSampleCorpus: false);
        return builder.Build();
    }

    private static async Task IngestAsync(IHost host, int count = DocumentCount)
    {
        var ingestor = host.Services.GetRequiredService<DocumentIngestor>();
        for (var i = 0; i < count; i++)
        {
            var text = $"# Zeppelin model {Word(i)}\n\nZeppelin model {Word(i)} is calibrated by turning the {Word(i)} dial until the needle rests at {i} degrees.\n";
            await ingestor.IngestAsync(new DocumentUpload($"zeppelin-{Word(i)}.md", Encoding.UTF8.GetBytes(text)), TestContext.Current.CancellationToken);
        }
    }

    private static DocumentUpload Upload(string id, string text) => new(id + ".txt", Encoding.UTF8.GetBytes(text)) { DocumentId = id };

    private static string Word(int i) => "w" + ((i * 7919) % 100_003).ToString("x", CultureInfo.InvariantCulture) + "x";

    public void Dispose() => _cli.Dispose();

    private sealed class InlineProgress(Action<ReindexProgress> report) : IProgress<ReindexProgress>
    {
        public void Report(ReindexProgress value) => report(value);
    }
}
