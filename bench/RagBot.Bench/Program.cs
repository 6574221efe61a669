// Benchmarks: `dotnet run -c Release --project bench/RagBot.Bench -- <name> [options]`.
// Each benchmark lives in its own file and registers here with one line.
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["vectors"] = RagBot.Bench.Vectors.VectorsBenchmark.RunAsync,
    ["filtered"] = RagBot.Bench.Vectors.FilteredSearchBenchmark.RunAsync,
    ["embed"] = RagBot.Bench.EmbedBenchmark.RunAsync,
    ["ingest"] = RagBot.Bench.Ingest.IngestBenchmark.RunAsync,
    ["load"] = RagBot.Bench.Load.LoadBenchmark.RunAsync,
    ["chunkfit"] = RagBot.Bench.ChunkFitBenchmark.RunAsync,
    ["lucene"] = RagBot.Bench.Lucene.LuceneBenchmark.RunAsync,
    ["parity"] = RagBot.Bench.Lucene.ParityBenchmark.RunAsync,
    ["memory"] = RagBot.Bench.Memory.MemoryBenchmark.RunAsync,
    ["smallfiles"] = RagBot.Bench.SmallFiles.SmallFilesBenchmark.RunAsync,
    ["chat"] = RagBot.Bench.Chat.ChatBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: RagBot.Bench <{string.Join('|', benchmarks.Keys)}> [options]");
    return 1;
}

return await run(args[1..]);
