using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagBot.Core.Embeddings;
using RagBot.Hosting;
using RagBot.Ingestion;
using RagBot.Providers.Onnx;

namespace RagBot.Bench;

/// <summary>
/// <c>embed --embedder onnx [--chunks N] [--words W] [--RagBot:...]</c>: in one process, (1) raw ONNX Runtime
/// inference on N synthetic passages of W words (the embedder alone, batches of the ingestion batch size), then
/// (2) the whole ingestion pipeline (parse, chunk, embed, upsert, commit) over documents made of the same passages
/// as paragraphs, with the embedding cache off. Both report words/s, so the ratio is the pipeline's share of raw
/// inference; the pipeline also embeds the chunk overlap, a real cost it pays.
/// </summary>
internal static class OnnxEmbedBenchmark
{
    private const int PassagesPerDocument = 20;

    public static async Task<int> RunAsync(int chunks, int words, string[] settings)
    {
        var texts = SyntheticText.Chunks(chunks, words, seed: 7);
        var root = Path.Combine(Path.GetTempPath(), "ragbot-bench-embed", Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RagBot:DataDirectory"] = Path.Combine(root, "data"),
            ["RagBot:Ingestion:SeedDirectory"] = "",
            ["RagBot:Embeddings:Provider"] = "Onnx",
            ["RagBot:Embeddings:Cache:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddCommandLine(settings);
        builder.AddRagBot(seedSampleCorpus: false);
        using var host = builder.Build();
        using var process = Process.GetCurrentProcess();
        var workingSetBefore = process.WorkingSet64;
        var load = Stopwatch.StartNew();
        var embedder = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        load.Stop();
        process.Refresh();
        var loadedMb = (process.WorkingSet64 - workingSetBefore) / (1024.0 * 1024.0);
        var onnx = embedder.GetService<OnnxEmbeddingGenerator>() ?? throw new InvalidOperationException("embed --embedder onnx needs RagBot:Embeddings:Provider=Onnx.");
        var batchSize = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestionOptions>>().Value.EmbeddingBatchSize;
        var ingestor = host.Services.GetRequiredService<DocumentIngestor>();
        await ingestor.IngestAsync(new DocumentUpload("warmup.txt", Encoding.UTF8.GetBytes(texts[0])) { DocumentId = "warmup" }, CancellationToken.None);

        var wordPieces = texts.Sum(t => (long)onnx.Tokenize(t).Count);
        var raw = Stopwatch.StartNew();
        foreach (var batch in texts.Chunk(batchSize))
        {
            await onnx.GenerateAsync(batch, EmbeddingRoles.Passage());
        }

        raw.Stop();
        // Resident memory once the passages are embedded: the model, the session and whatever its allocator kept.
        process.Refresh();
        var rawRssMb = process.WorkingSet64 / (1024.0 * 1024.0);
        var rawPeakMb = process.PeakWorkingSet64 / (1024.0 * 1024.0);
        var queryTimes = new List<double>();
        foreach (var question in texts.Take(200).Select(t => string.Join(' ', t.Split(' ').Take(12))))
        {
            var started = Stopwatch.GetTimestamp();
            await onnx.GenerateAsync([question], EmbeddingRoles.Query());
            queryTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        queryTimes.Sort();
        var documents = texts.Chunk(PassagesPerDocument).Select((part, i) => new DocumentUpload($"doc-{i}.txt", Encoding.UTF8.GetBytes(string.Join("\n\n", part)))).ToList();
        var pipelineChunks = 0L;
        var pipeline = Stopwatch.StartNew();
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (document, cancellationToken) =>
        {
            var result = await ingestor.IngestAsync(document, cancellationToken);
            Interlocked.Add(ref pipelineChunks, result.ChunkCount);
        });
        pipeline.Stop();

        var totalWords = (double)chunks * words;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embedder={onnx.ModelId} stage=load seconds={load.Elapsed.TotalSeconds:F2} working_set_added_mb={loadedMb:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"embedder={onnx.ModelId} stage=raw passages={chunks} words_per_passage={words} batch={batchSize} chunks_per_s={chunks / raw.Elapsed.TotalSeconds:F1} word_pieces_per_s={wordPieces / raw.Elapsed.TotalSeconds:F0} words_per_s={totalWords / raw.Elapsed.TotalSeconds:F0} rss_mb={rawRssMb:F0} peak_rss_mb={rawPeakMb:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"embedder={onnx.ModelId} stage=pipeline documents={documents.Count} chunks={pipelineChunks} chunks_per_s={pipelineChunks / pipeline.Elapsed.TotalSeconds:F1} words_per_s={totalWords / pipeline.Elapsed.TotalSeconds:F0} share_of_raw={raw.Elapsed.TotalSeconds / pipeline.Elapsed.TotalSeconds:P0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"embedder={onnx.ModelId} stage=query questions={queryTimes.Count} words=12 p50_ms={queryTimes[queryTimes.Count / 2]:F2} p99_ms={queryTimes[(int)(queryTimes.Count * 0.99)]:F2}"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
        return 0;
    }
}
