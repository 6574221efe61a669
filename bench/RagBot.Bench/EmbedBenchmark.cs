using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using RagBot.Providers.Local;

namespace RagBot.Bench;

/// <summary>
/// `embed [--chunks N] [--words W] [--embedder onnx]`: throughput of the local hashing embedder (with
/// `--embedder onnx`, of the configured ONNX model, raw and through the pipeline: <see cref="OnnxEmbedBenchmark"/>) on synthetic chunks of W words
/// (default 10,000 chunks of 180 words, about 256 tokens; fewer mostly measure JIT warm-up), one text at a time and in batches of 64.
/// </summary>
internal static class EmbedBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var onnx = args.Contains("onnx", StringComparer.OrdinalIgnoreCase) && Array.IndexOf(args, "--embedder") >= 0;
        var chunks = IntOption(args, "--chunks", onnx ? 500 : 10_000);
        var words = IntOption(args, "--words", 180);
        if (onnx)
        {
            return await OnnxEmbedBenchmark.RunAsync(chunks, words, args.Where(a => a.StartsWith("--RagBot:", StringComparison.OrdinalIgnoreCase)).ToArray());
        }

        var texts = SyntheticText.Chunks(chunks, words, seed: 7);
        var options = new LocalEmbeddingOptions();
        var embedder = new HashingEmbeddingGenerator(Options.Create(options));
        embedder.Embed(texts[0]);

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var single = Stopwatch.StartNew();
        foreach (var text in texts)
        {
            embedder.Embed(text);
        }

        single.Stop();
        var allocatedPerChunk = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / chunks;
        process.Refresh();
        var cpuPerChunk = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / chunks;
        var batched = Stopwatch.StartNew();
        foreach (var batch in texts.Chunk(64))
        {
            await embedder.GenerateAsync(batch);
        }

        batched.Stop();
        var mb = texts.Sum(t => (long)t.Length) / 1e6;
        Console.WriteLine(FormattableString.Invariant(
            $"embedder=local-hash dims={options.Dimensions} chunks={chunks} words_per_chunk={words} mode=single chunks_per_s={chunks / single.Elapsed.TotalSeconds:0} mb_per_s={mb / single.Elapsed.TotalSeconds:0.0} allocated_bytes_per_chunk={allocatedPerChunk} cpu_us_per_chunk={cpuPerChunk:0}"));
        Console.WriteLine(FormattableString.Invariant(
            $"embedder=local-hash dims={options.Dimensions} chunks={chunks} words_per_chunk={words} mode=batch64 chunks_per_s={chunks / batched.Elapsed.TotalSeconds:0} mb_per_s={mb / batched.Elapsed.TotalSeconds:0.0}"));
        return 0;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
