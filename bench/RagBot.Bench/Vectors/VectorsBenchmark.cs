using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;

namespace RagBot.Bench.Vectors;

/// <summary>
/// <c>vectors</c>: builds a SQLite vector collection from .fvecs files (or generated vectors), then runs each query
/// alone and prints latency, throughput and recall@10 against exact ground truth, one key=value line per configuration.
/// Usage: <c>vectors (--base b.fvecs --query q.fvecs | --generate n,dim[,queries]) [--dir path] [--k 10]</c>.
/// </summary>
internal static class VectorsBenchmark
{
    private const int BatchSize = 256;
    private static readonly string[] DatabaseFileSuffixes = ["", "-wal", "-shm"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseArgs(args);
        var directory = options.GetValueOrDefault("dir") ?? Path.Combine(Path.GetTempPath(), "ragbot-bench-vectors");
        Directory.CreateDirectory(directory);
        var k = int.Parse(options.GetValueOrDefault("k") ?? "10", CultureInfo.InvariantCulture);
        var (baseVectors, queries) = LoadOrGenerate(options, directory);
        var dimensions = baseVectors[0].Length;
        Console.WriteLine($"# base={baseVectors.Length} queries={queries.Length} dim={dimensions} cores={Environment.ProcessorCount}");

        var databasePath = Path.Combine(directory, $"bench-{baseVectors.Length}x{dimensions}.db");
        foreach (var suffix in DatabaseFileSuffixes)
        {
            File.Delete(databasePath + suffix);
        }

        await BuildAsync(databasePath, baseVectors);
        var truth = GroundTruth(baseVectors, queries, k);
        var configurations = new (string Name, int Parallelism, SqliteVectorQuantization Quantization)[]
        {
            ("sqlite-float32-1thread", 1, SqliteVectorQuantization.None),
            ($"sqlite-float32-{Environment.ProcessorCount}threads", Environment.ProcessorCount, SqliteVectorQuantization.None),
            ("sqlite-int8-1thread", 1, SqliteVectorQuantization.Int8),
            ($"sqlite-int8-{Environment.ProcessorCount}threads", Environment.ProcessorCount, SqliteVectorQuantization.Int8),
        };
        foreach (var (name, parallelism, quantization) in configurations)
        {
            await MeasureAsync(databasePath, name, parallelism, quantization, baseVectors.Length, dimensions, queries, truth, k);
        }

        return 0;
    }

    private static async Task BuildAsync(string databasePath, float[][] baseVectors)
    {
        using var store = new SqliteVectorStore(databasePath);
        var collection = store.GetCollection<long, BenchVector>("bench", Definition(baseVectors[0].Length));
        await collection.EnsureCollectionExistsAsync();
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < baseVectors.Length; start += BatchSize)
        {
            var batch = new List<BenchVector>(BatchSize);
            for (var i = start; i < Math.Min(start + BatchSize, baseVectors.Length); i++)
            {
                batch.Add(new BenchVector { Id = i, Vector = baseVectors[i] });
            }

            await collection.UpsertAsync(batch);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var fileBytes = DatabaseFileSuffixes.Select(s => databasePath + s).Where(File.Exists).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"upsert n={baseVectors.Length} batch={BatchSize} seconds={seconds:F2} vectors_per_s={baseVectors.Length / seconds:F0} " +
                                    $"disk_bytes_per_vector={fileBytes / (double)baseVectors.Length:F0}");
    }

    private static async Task MeasureAsync(
        string databasePath, string name, int parallelism, SqliteVectorQuantization quantization, int count, int dimensions, float[][] queries, int[][] truth, int k)
    {
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions
        {
            DatabasePath = databasePath,
            MaxSearchParallelism = parallelism,
            Quantization = quantization,
        });
        var collection = store.GetCollection<long, BenchVector>("bench", Definition(dimensions));
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var load = Stopwatch.StartNew();
        await collection.SearchAsync(queries[0], k).ToListAsync();
        var loadMs = load.Elapsed.TotalMilliseconds;
        var memoryPerVector = (GC.GetTotalMemory(forceFullCollection: true) - memoryBefore) / (double)count;
        for (var warm = 0; warm < Math.Min(20, queries.Length); warm++)
        {
            await collection.SearchAsync(queries[warm], k).ToListAsync();
        }

        var latencies = new double[queries.Length];
        var hits = 0;
        var total = Stopwatch.StartNew();
        for (var q = 0; q < queries.Length; q++)
        {
            var started = Stopwatch.GetTimestamp();
            var results = await collection.SearchAsync(queries[q], k).ToListAsync();
            latencies[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var expected = truth[q].ToHashSet();
            hits += results.Count(r => expected.Contains((int)r.Record.Id));
        }

        var qps = queries.Length / total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine(
            $"store={name} n={count} dim={dimensions} p50_ms={Percentile(latencies, 0.50):F2} p99_ms={Percentile(latencies, 0.99):F2} " +
            $"qps={qps:F1} recall@{k}={hits / (double)(queries.Length * k):F4} load_ms={loadMs:F0} memory_bytes_per_vector={memoryPerVector:F0}");
    }

    /// <summary>Exact cosine top-k by brute force in a separate code path from the store.</summary>
    private static int[][] GroundTruth(float[][] baseVectors, float[][] queries, int k)
    {
        var norms = baseVectors.Select(v => TensorPrimitives.Norm(v)).ToArray();
        var truth = new int[queries.Length][];
        Parallel.For(0, queries.Length, q =>
        {
            var queryNorm = TensorPrimitives.Norm(queries[q]);
            var scores = new (double Score, int Index)[baseVectors.Length];
            for (var i = 0; i < baseVectors.Length; i++)
            {
                scores[i] = (TensorPrimitives.Dot(queries[q], baseVectors[i]) / (double)(queryNorm * norms[i]), i);
            }

            truth[q] = scores.OrderByDescending(s => s.Score).Take(k).Select(s => s.Index).ToArray();
        });
        return truth;
    }

    private static (float[][] Base, float[][] Queries) LoadOrGenerate(Dictionary<string, string> options, string directory)
    {
        if (options.TryGetValue("generate", out var spec))
        {
            var parts = spec.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            var (count, dimensions, queryCount) = (parts[0], parts[1], parts.Length > 2 ? parts[2] : 200);
            var basePath = Path.Combine(directory, $"base-{count}x{dimensions}.fvecs");
            var queryPath = Path.Combine(directory, $"query-{queryCount}x{dimensions}.fvecs");
            FvecsFile.Write(basePath, FvecsFile.Generate(count, dimensions, seed: 42));
            FvecsFile.Write(queryPath, FvecsFile.Generate(queryCount, dimensions, seed: 4242));
            Console.WriteLine($"# generated {basePath} and {queryPath}");
            options["base"] = basePath;
            options["query"] = queryPath;
        }

        if (!options.TryGetValue("base", out var baseFile) || !options.TryGetValue("query", out var queryFile))
        {
            throw new ArgumentException("usage: vectors (--base b.fvecs --query q.fvecs | --generate n,dim[,queries]) [--dir path] [--k 10]");
        }

        var limit = options.TryGetValue("queries", out var q) ? int.Parse(q, CultureInfo.InvariantCulture) : int.MaxValue;
        return (FvecsFile.Read(baseFile), FvecsFile.Read(queryFile, limit));
    }

    private static Dictionary<string, string> ParseArgs(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static VectorStoreCollectionDefinition Definition(int dimensions) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(BenchVector.Id), typeof(long)),
            new VectorStoreVectorProperty(nameof(BenchVector.Vector), typeof(ReadOnlyMemory<float>), dimensions)
            {
                DistanceFunction = DistanceFunction.CosineSimilarity,
            },
        ],
    };

    private sealed class BenchVector
    {
        public long Id { get; set; }

        public ReadOnlyMemory<float> Vector { get; set; }
    }
}
