using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Linq.Expressions;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.Bench.Lucene;
using RagBot.Core.Chunks;
using RagBot.Providers.Local;
using RagBot.VectorData.Sqlite;

namespace RagBot.Bench.Vectors;

/// <summary>
/// <c>filtered --db &lt;vectors.db&gt; --dataset &lt;BEIR dir&gt; [--top 200] [--passes 3] [--writes 20]</c>: filtered vector
/// searches on an embedded store built by <c>ragbot eval --keep-index</c> (hashing embedder, 768 dimensions). Tags the
/// rows once through the store (every row <c>bench:all</c>, 1 in 100 also <c>bench:rare</c>), then times
/// <c>SearchAsync</c> for the dataset's questions with no filter, the common tag, the rare tag and a tag no row carries,
/// and the common tag right after a one-row write (the filter's rows brought up to date). Prints p50/p99 per case and a
/// checksum of every hit's key and score: two builds that return the same results print the same checksums.
/// </summary>
internal static class FilteredSearchBenchmark
{
    private const string All = "bench:all";
    private const string Rare = "bench:rare";
    private const string Nobody = "bench:nobody";

    public static async Task<int> RunAsync(string[] args)
    {
        var db = Option(args, "--db") ?? throw new ArgumentException("filtered needs --db <vectors.db of a kept eval index>.");
        var dataset = Option(args, "--dataset") ?? throw new ArgumentException("filtered needs --dataset <BEIR directory> (its questions).");
        var top = int.Parse(Option(args, "--top") ?? "200", CultureInfo.InvariantCulture);
        var passes = int.Parse(Option(args, "--passes") ?? "3", CultureInfo.InvariantCulture);
        var writes = int.Parse(Option(args, "--writes") ?? "20", CultureInfo.InvariantCulture);
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = db });
        var name = await store.ListCollectionNamesAsync().SingleAsync();
        var collection = store.GetCollection<Guid, DocumentChunk>(name, DocumentChunkDefinition.Create(768));
        await TagOnceAsync(collection);

        using var embedder = new HashingEmbeddingGenerator(Options.Create(new LocalEmbeddingOptions()));
        var questions = BeirCollection.Load(dataset).Queries.Select(q => q.Text).ToList();
        var vectors = (await embedder.GenerateAsync(questions)).Select(e => e.Vector).ToList();
        var cases = new (string Case, Expression<Func<DocumentChunk, bool>>? Filter)[]
        {
            ("unfiltered", null),
            ("common (every row)", c => c.Tags.Contains(All)),
            ("rare (1% of rows)", c => c.Tags.Contains(Rare)),
            ("no row passes", c => c.Tags.Contains(Nobody)),
        };
        Console.WriteLine($"# {name}: {questions.Count} questions, top {top}, {passes} passes, load average {LoadAverage()}");
        foreach (var (label, filter) in cases)
        {
            var options = new VectorSearchOptions<DocumentChunk> { Filter = filter };
            await collection.SearchAsync(vectors[0], top, options).ToListAsync();
            var latencies = new List<double>();
            var checksum = new XxHash64();
            for (var pass = 0; pass < passes; pass++)
            {
                foreach (var vector in vectors)
                {
                    var clock = Stopwatch.StartNew();
                    var hits = await collection.SearchAsync(vector, top, options).ToListAsync();
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                    if (pass == 0)
                    {
                        foreach (var hit in hits)
                        {
                            checksum.Append(Encoding.UTF8.GetBytes($"{hit.Record.Id}:{hit.Score:R};"));
                        }
                    }
                }
            }

            Report(label, latencies, checksum.GetCurrentHashAsUInt64());
        }

        await AfterWritesAsync(collection, vectors, top, writes);
        return 0;
    }

    /// <summary>Each question right after one chunk's tags were rewritten (the same tags: the result does not move).</summary>
    private static async Task AfterWritesAsync(VectorStoreCollection<Guid, DocumentChunk> collection, List<ReadOnlyMemory<float>> vectors, int top, int writes)
    {
        var options = new VectorSearchOptions<DocumentChunk> { Filter = c => c.Tags.Contains(All) };
        var rewritten = await collection.GetAsync(c => c.Tags.Contains(All), writes, new FilteredRecordRetrievalOptions<DocumentChunk> { IncludeVectors = true }).ToListAsync();
        var latencies = new List<double>();
        foreach (var (chunk, i) in rewritten.Select((chunk, i) => (chunk, i)))
        {
            await collection.UpsertAsync(chunk);
            var clock = Stopwatch.StartNew();
            await collection.SearchAsync(vectors[i % vectors.Count], top, options).ToListAsync();
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        Report("common, right after a one-row write", latencies, 0);
    }

    private static async Task TagOnceAsync(VectorStoreCollection<Guid, DocumentChunk> collection)
    {
        if (await collection.GetAsync(c => c.Tags.Contains(All), 1).AnyAsync())
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var tagged = 0;
        var retrieval = new FilteredRecordRetrievalOptions<DocumentChunk> { IncludeVectors = true };
        while (true)
        {
            var page = await collection.GetAsync(c => !c.Tags.Contains(All), 2_000, retrieval).ToListAsync();
            if (page.Count == 0)
            {
                break;
            }

            foreach (var chunk in page)
            {
                chunk.Tags = [.. chunk.Tags, All];
                if (tagged++ % 100 == 0)
                {
                    chunk.Tags.Add(Rare);
                }
            }

            await collection.UpsertAsync(page);
        }

        Console.WriteLine($"# tagged {tagged} chunks in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static void Report(string label, List<double> latencies, ulong checksum)
    {
        latencies.Sort();
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p / 100 * latencies.Count) - 1)];
        Console.WriteLine(
            $"{label,-38} p50 {Percentile(50),8:F2} ms   p99 {Percentile(99),8:F2} ms   n {latencies.Count,5}   results {checksum:x16}");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
