using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagBot.Core.Chunks;
using RagBot.Hosting;
using RagBot.Ingestion.ContentTypes;
using RagBot.Ingestion.Parsers;
using RagBot.Providers.Onnx;

namespace RagBot.Bench;

/// <summary>
/// <c>chunkfit &lt;dir|corpus.jsonl&gt;...</c>: parses and chunks the files of each folder (or each record of a BEIR
/// corpus.jsonl, as the eval ingests it: title, blank line, text) with the configured chunking, and counts the chunks whose embedded
/// text (heading path + text) is longer than the configured ONNX model's window, i.e. whose tail is never embedded.
/// <c>--RagBot:...=value</c> settings pass through (e.g. <c>--RagBot:Chunking:TargetTokens=200</c>).
/// </summary>
internal static class ChunkFitBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = args.Where(a => a.StartsWith("--RagBot:", StringComparison.OrdinalIgnoreCase)).ToArray();
        var sources = args.Except(settings).ToList();
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RagBot:DataDirectory"] = Path.Combine(Path.GetTempPath(), "ragbot-bench-chunkfit"),
            ["RagBot:Embeddings:Cache:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddCommandLine(settings);
        builder.AddRagBot(seedSampleCorpus: false);
        using var host = builder.Build();
        var embedder = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<OnnxEmbeddingGenerator>()
            ?? throw new InvalidOperationException("chunkfit needs RagBot:Embeddings:Provider=Onnx.");
        var parsers = host.Services.GetRequiredService<DocumentParserRegistry>();
        var detector = host.Services.GetRequiredService<ContentTypeDetector>();
        var chunker = host.Services.GetRequiredService<IChunker>();
        foreach (var source in sources)
        {
            var lengths = new List<int>();
            await foreach (var (name, bytes) in DocumentsOf(source))
            {
                using var stream = new MemoryStream(bytes);
                var contentType = await detector.DetectAsync(name, stream, CancellationToken.None);
                var parsed = await parsers.GetParser(contentType).ParseAsync(stream, name, CancellationToken.None);
                lengths.AddRange(chunker.Chunk(parsed).Select(chunk => embedder.CountTokens(chunk.TextForEmbedding)));
            }

            lengths.Sort();
            var over = lengths.Count(l => l > embedder.MaxTokens);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"source={source} model={embedder.ModelId} window={embedder.MaxTokens} chunks={lengths.Count} over_window={over} over_share={(double)over / Math.Max(1, lengths.Count):P1} p50={Percentile(lengths, 0.5)} p95={Percentile(lengths, 0.95)} max={(lengths.Count == 0 ? 0 : lengths[^1])}"));
        }

        return 0;
    }

    private static int Percentile(List<int> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, p * sorted.Count)];

    private static async IAsyncEnumerable<(string Name, byte[] Bytes)> DocumentsOf(string source)
    {
        if (Directory.Exists(source))
        {
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                yield return (Path.GetFileName(file), await File.ReadAllBytesAsync(file));
            }

            yield break;
        }

        foreach (var line in await File.ReadAllLinesAsync(source))
        {
            using var record = JsonDocument.Parse(line);
            var title = record.RootElement.TryGetProperty("title", out var t) ? t.GetString() : "";
            var text = record.RootElement.GetProperty("text").GetString();
            yield return ("record.txt", Encoding.UTF8.GetBytes($"{title}\n\n{text}"));
        }
    }
}
