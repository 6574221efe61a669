using System.Globalization;

namespace RagBot.Bench.SmallFiles;

/// <summary>
/// <c>smallfiles</c>: per-document overhead of ingestion (issue 17). Writes one small .txt per document of real
/// collections (CACM, Cranfield, man pages by default) to a temp folder, then ingests the folder with the real CLI
/// (<c>ragbot ingest</c>, a child process, fresh data directory each run) once per <c>--batch</c> value, and with an
/// older build of the CLI (<c>--cli-before</c>) in the same run when given; then uploads some of the files through
/// the API (<c>--uploads</c>, 0 to skip). One key=value line per run. <c>--RagBot:...=value</c> settings reach every
/// child process as environment variables.
/// </summary>
internal static class SmallFilesBenchmark
{
    private const string Usage =
        "usage: RagBot.Bench smallfiles [--files 5000] [--collections dir,dir...] [--batches 1,64] [--repeat 1] [--cli ragbot.dll] [--cli-before ragbot.dll] " +
        "[--uploads 1000] [--upload-warmup 0] [--clients 16] [--api RagBot.Api.dll] [--RagBot:<setting>=<value>]...";

    private static readonly string[] DefaultCollections = ["/work/shared/datasets/cacm", "/work/datasets/cranfield", "/work/datasets/manpages"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var options, out var environment))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var count = Number(options, "files", 5000);
        var uploads = Number(options, "uploads", 1000);
        var repeat = Number(options, "repeat", 1);
        var cli = options.GetValueOrDefault("cli") ?? Built("RagBot.Cli", "ragbot.dll");
        var api = options.GetValueOrDefault("api") ?? Built("RagBot.Api", "RagBot.Api.dll");
        var collections = options.TryGetValue("collections", out var given) ? given.Split(',') : DefaultCollections.Where(Directory.Exists).ToArray();
        var batches = options.GetValueOrDefault("batches", "1,64").Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToList();
        var root = Path.Combine(Path.GetTempPath(), "ragbot-bench-smallfiles", Guid.NewGuid().ToString("N"));
        var corpus = Path.Combine(root, "corpus");
        var files = SmallFilesCorpus.Write(corpus, collections, count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# files={files.Count} bytes={files.Sum(f => new FileInfo(f).Length)} from {string.Join(',', collections.Select(Path.GetFileName))} cores={Environment.ProcessorCount} env: {string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}"))}"));
        try
        {
            var run = 0;
            for (var r = 0; r < repeat; r++)
            {
                if (options.TryGetValue("cli-before", out var before))
                {
                    Console.WriteLine($"cli=before load={LoadAverage()} {await CliIngestRun.RunAsync(before, corpus, Path.Combine(root, $"data{run++}"), [], environment)}");
                }

                foreach (var batch in batches)
                {
                    string[] extra = ["--batch", batch.ToString(CultureInfo.InvariantCulture)];
                    Console.WriteLine($"cli=current batch={batch} load={LoadAverage()} {await CliIngestRun.RunAsync(cli, corpus, Path.Combine(root, $"data{run++}"), extra, environment)}");
                }
            }

            if (uploads > 0)
            {
                var clients = Number(options, "clients", 16);
                var warmUp = Number(options, "upload-warmup", 0);
                Console.WriteLine($"api=upload load={LoadAverage()} {await UploadRun.RunAsync(api, [.. files.Take(uploads)], [.. files.Skip(uploads).Take(warmUp)], root, clients, environment)}");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        return 0;
    }

    private static bool TryParse(string[] args, out Dictionary<string, string> options, out Dictionary<string, string> environment)
    {
        options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        environment = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] known = ["files", "collections", "batches", "repeat", "cli", "cli-before", "uploads", "upload-warmup", "clients", "api"];
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--RagBot:", StringComparison.OrdinalIgnoreCase) && args[i].Split('=', 2) is [var key, var value])
            {
                environment[key[2..].Replace(":", "__", StringComparison.Ordinal)] = value;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && known.Contains(args[i][2..]) && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static int Number(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string Built(string project, string dll)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RagBot.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? ".", "artifacts", "bin", project, "release", dll);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join('/', File.ReadAllText("/proc/loadavg").Split(' ').Take(1)) : "?";
}
