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

        var ids = RandomIds(baseVectors.Length);
        await BuildAsync(databasePath, baseVectors, ids);
        var truth = GroundTruth(baseVectors, queries, k);
        var configurations = new (string Name, int Parallelism, SqliteVectorQuantization Quantization)[]
        {
            ("sqlite-float32-1thread", 1, SqliteVectorQuantization.None),
            ($"sqlite-float32-{Environment.ProcessorCount}threads", Environment.ProcessorCount, SqliteVectorQuantization.None),
            ("sqlite-int8-1thread", 1, SqliteVectorQuantization.Int8),
            ($"sqlite-int8-{Environment.ProcessorCount}threads", Environment.ProcessorCount, SqliteVectorQuantization.Int8),
        };
        var indexOf = new Dictionary<Guid, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            indexOf[ids[i]] = i;
        }

        var opened = new List<Configuration>();
        try
        {
            foreach (var (name, parallelism, quantization) in configurations)
            {
                opened.Add(await OpenAsync(databasePath, name, parallelism, quantization, ids.Length, dimensions, queries, k));
            }

            await MeasureInterleavedAsync(opened, baseVectors.Length, dimensions, queries, truth, indexOf, k);
        }
        finally
        {
            opened.ForEach(c => c.Store.Dispose());
        }

        return 0;
    }

    /// <summary>Random (not sequential) keys, like RagBot's chunk ids, so key-index inserts are realistic.</summary>
    private static Guid[] RandomIds(int count)
    {
        var random = new Random(7);
        var bytes = new byte[16];
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(bytes);
            ids[i] = new Guid(bytes);
        }

        return ids;
    }

    private static async Task BuildAsync(string databasePath, float[][] baseVectors, Guid[] ids)
    {
        using var store = new SqliteVectorStore(databasePath);
        var collection = store.GetCollection<Guid, BenchVector>("bench", Definition(baseVectors[0].Length));
        await collection.EnsureCollectionExistsAsync();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < baseVectors.Length; start += BatchSize)
        {
            var batch = new List<BenchVector>(BatchSize);
            for (var i = start; i < Math.Min(start + BatchSize, baseVectors.Length); i++)
            {
                batch.Add(new BenchVector { Id = ids[i], Vector = baseVectors[i] });
            }

            await collection.UpsertAsync(batch);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
        var fileBytes = DatabaseFileSuffixes.Select(s => databasePath + s).Where(File.Exists).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"upsert n={baseVectors.Length} batch={BatchSize} seconds={seconds:F2} vectors_per_s={baseVectors.Length / seconds:F0} cpu_s={cpuSeconds:F2} " +
                                    $"disk_bytes_per_vector={fileBytes / (double)baseVectors.Length:F0}");
    }

    /// <summary>Opens one configuration on the built file, loads its in-memory index and warms it up.</summary>
    private static async Task<Configuration> OpenAsync(
        string databasePath, string name, int parallelism, SqliteVectorQuantization quantization, int count, int dimensions, float[][] queries, int k)
    {
        var store = new SqliteVectorStore(new SqliteVectorStoreOptions
        {
            DatabasePath = databasePath,
            MaxSearchParallelism = parallelism,
            Quantization = quantization,
        });
        var collection = store.GetCollection<Guid, BenchVector>("bench", Definition(dimensions));
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var load = Stopwatch.StartNew();
        await collection.SearchAsync(queries[0], k).ToListAsync();
        var loadMs = load.Elapsed.TotalMilliseconds;
        var memoryPerVector = (GC.GetTotalMemory(forceFullCollection: true) - memoryBefore) / (double)count;
        for (var warm = 0; warm < Math.Min(20, queries.Length); warm++)
        {
            await collection.SearchAsync(queries[warm], k).ToListAsync();
        }

        return new Configuration(name, store, collection, loadMs, memoryPerVector, new double[queries.Length]);
    }

    /// <summary>
    /// Runs each query alone, one configuration after the other, timing before every query the reference the
    /// latency goal is stated against: one single-threaded pass (a sum) over a contiguous float buffer as large as
    /// the vectors. Both see the same moment of this shared machine, so their ratio is meaningful even under load.
    /// </summary>
    private static async Task MeasureInterleavedAsync(
        List<Configuration> configurations, int count, int dimensions, float[][] queries, int[][] truth, Dictionary<Guid, int> indexOf, int k)
    {
        var buffer = new float[(long)count * dimensions];
        buffer.AsSpan().Fill(1f);
        var sink = 0f;
        foreach (var configuration in configurations)
        {
            var passes = new double[queries.Length];
            var hits = 0;
            for (var q = 0; q < queries.Length; q++)
            {
                var passStarted = Stopwatch.GetTimestamp();
                sink += TensorPrimitives.Sum(buffer);
                passes[q] = Stopwatch.GetElapsedTime(passStarted).TotalMilliseconds;
                var started = Stopwatch.GetTimestamp();
                var results = await configuration.Collection.SearchAsync(queries[q], k).ToListAsync();
                configuration.Latencies[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var expected = truth[q].ToHashSet();
                hits += results.Count(r => expected.Contains(indexOf[r.Record.Id]));
            }

            var qps = 1000.0 * queries.Length / configuration.Latencies.Sum();
            Array.Sort(configuration.Latencies);
            Array.Sort(passes);
            Console.WriteLine(
                $"store={configuration.Name} n={count} dim={dimensions} p50_ms={Percentile(configuration.Latencies, 0.50):F2} " +
                $"p99_ms={Percentile(configuration.Latencies, 0.99):F2} qps={qps:F1} recall@{k}={hits / (double)(queries.Length * k):F4} " +
                $"memory_pass_p50_ms={Percentile(passes, 0.50):F2} load_ms={configuration.LoadMs:F0} memory_bytes_per_vector={configuration.MemoryPerVector:F0}");
        }

        Console.WriteLine($"# checksum {sink:E1}");
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
            new VectorStoreKeyProperty(nameof(BenchVector.Id), typeof(Guid)),
            new VectorStoreVectorProperty(nameof(BenchVector.Vector), typeof(ReadOnlyMemory<float>), dimensions)
            {
                DistanceFunction = DistanceFunction.CosineSimilarity,
            },
        ],
    };

    private sealed record Configuration(
        string Name, SqliteVectorStore Store, VectorStoreCollection<Guid, BenchVector> Collection, double LoadMs, double MemoryPerVector, double[] Latencies);

    private sealed class BenchVector
    {
        public Guid Id { get; set; }

        public ReadOnlyMemory<float> Vector { get; set; }
    }
}
