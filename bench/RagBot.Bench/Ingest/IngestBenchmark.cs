using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagBot.Hosting;
using RagBot.Ingestion;

namespace RagBot.Bench.Ingest;

/// <summary>
/// <c>ingest</c>: writes generated Markdown files to a temp folder, then ingests them end to end (read, detect,
/// parse, chunk, embed with the configured embedder, upsert into the configured store) through the real
/// composition root into a fresh data directory, several documents at once, and prints one key=value line.
/// Usage: <c>ingest [--mb 100] [--doc-kb 1024] [--parallel cores] [--keep]</c>; other <c>--RagBot:...=value</c> settings pass through.
/// </summary>
internal static class IngestBenchmark
{
    private const string Usage = "usage: RagBot.Bench ingest [--mb 100] [--doc-kb 1024] [--parallel <cores>] [--keep] [--RagBot:<setting>=<value>]...";
    private static readonly string[] Options = ["mb", "doc-kb", "parallel"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParseArgs(args, out var options, out var passThrough, out var error))
        {
            Console.Error.WriteLine(error is null ? Usage : $"{error}\n{Usage}");
            return error is null ? 0 : 2;
        }

        var megabytes = double.Parse(options.GetValueOrDefault("mb", "100"), CultureInfo.InvariantCulture);
        var documentBytes = int.Parse(options.GetValueOrDefault("doc-kb", "1024"), CultureInfo.InvariantCulture) * 1024;
        var parallel = int.Parse(options.GetValueOrDefault("parallel", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var root = Path.Combine(Path.GetTempPath(), "ragbot-bench-ingest", Guid.NewGuid().ToString("N"));
        var corpus = Path.Combine(root, "corpus");
        var files = MarkdownCorpus.Write(corpus, (long)(megabytes * 1024 * 1024), documentBytes);
        var totalBytes = files.Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"# files={files.Count} bytes={totalBytes} parallel={parallel} cores={Environment.ProcessorCount}");

        var builder = Host.CreateApplicationBuilder(passThrough);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RagBot:DataDirectory"] = Path.Combine(root, "data"),
            ["RagBot:Ingestion:SeedDirectory"] = "",
            ["RagBot:Ingestion:MaxUploadBytes"] = (documentBytes * 4L).ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddCommandLine(passThrough);
        builder.AddRagBot(seedSampleCorpus: false);
        using var host = builder.Build();
        var ingestor = host.Services.GetRequiredService<DocumentIngestor>();

        // Warm-up outside the clock: JIT, tokenizer tables, store schema.
        await ingestor.IngestAsync(new DocumentUpload("warmup.md", "# Warm up\n\nA first small document."u8.ToArray()) { DocumentId = "warmup" }, CancellationToken.None);

        using var stages = new StageClock();
        var chunks = 0L;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (file, cancellationToken) =>
        {
            var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
            var result = await ingestor.IngestAsync(new DocumentUpload(Path.GetFileName(file), bytes), cancellationToken);
            Interlocked.Add(ref chunks, result.ChunkCount);
        });
        var seconds = clock.Elapsed.TotalSeconds;

        var mb = totalBytes / (1024.0 * 1024.0);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mb={mb:F1} seconds={seconds:F2} mb_per_s={mb / seconds:F2} chunks={chunks} chunks_per_s={chunks / seconds:F0} peak_working_set_mb={process.PeakWorkingSet64 / (1024.0 * 1024.0):F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# cpu_s={process.TotalProcessorTime.TotalSeconds:F1} gc_pause_s={GC.GetTotalPauseDuration().TotalSeconds:F2} gen2_collections={GC.CollectionCount(2)} server_gc={System.Runtime.GCSettings.IsServerGC}"));
        Console.WriteLine($"# time in stages (summed over concurrent documents): {stages.Describe()}");

        if (!options.ContainsKey("keep"))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await host.StopAsync();
            Directory.Delete(root, recursive: true);
        }

        return 0;
    }

    /// <summary>False with no error for --help, false with an error for anything it does not know (a typo must not run the default).</summary>
    private static bool TryParseArgs(string[] args, out Dictionary<string, string> options, out string[] passThrough, out string? error)
    {
        options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = new List<string>();
        passThrough = [];
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (args[i].StartsWith("--RagBot:", StringComparison.OrdinalIgnoreCase))
            {
                rest.Add(args[i]);
            }
            else if (args[i] is "--help" or "-h" or "-?")
            {
                return false;
            }
            else if (name == "keep")
            {
                options["keep"] = "true";
            }
            else if (name is not null && Options.Contains(name, StringComparer.OrdinalIgnoreCase) && i + 1 < args.Length
                && IsPositiveNumber(args[i + 1], wholeNumber: name != "mb"))
            {
                options[name] = args[++i];
            }
            else
            {
                error = $"unknown option or missing positive number: '{args[i]}'";
                return false;
            }
        }

        passThrough = [.. rest];
        return true;
    }

    private static bool IsPositiveNumber(string text, bool wholeNumber) => wholeNumber
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole) && whole > 0
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0;
}
