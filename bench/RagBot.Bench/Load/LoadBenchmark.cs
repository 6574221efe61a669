using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RagBot.Bench.Load;

/// <summary>
/// <c>load</c>: starts the real API in this process on 127.0.0.1 (Kestrel, fresh data directory, local embedder and
/// extractive answerer), indexes a small corpus, then runs <c>--clients</c> concurrent chat clients for
/// <c>--seconds</c> (or <c>--max-chats</c> requests) while an ingestion of <c>--uploads</c> documents runs through
/// async uploads. Prints requests/s, p50/p99 latency and status counts for chat and upload, then waits for every job
/// and checks that no upload was lost. Exit code 0 only with zero 5xx, zero transport errors and zero lost documents.
/// With <c>--warmup-seconds N</c> the chat clients first run N seconds unrecorded (printed as <c>warmup:</c>), so the
/// figures are those of a running server rather than of its first requests (JIT, in-memory indexes loading, the model's
/// first run), and <c>--warmup-uploads</c> documents (default 20) are uploaded meanwhile so the ingestion path is warm too.
/// The API runs under its own runtime settings (<see cref="ApiRuntime"/>; <c>--runtime bench</c> keeps the bench's).
/// Usage: <c>load [--clients 64] [--seconds 20] [--warmup-seconds 0] [--warmup-uploads 20] [--runtime api|bench] [--max-chats 100000] [--corpus 20] [--uploads 200] [--doc-kb 8] [--replicas 1] [--processes 0|1] [--spans 0|1]</c>;
/// <c>--RagBot:...=value</c> settings pass through. <c>--replicas N</c> starts N API hosts, each on its own port and data
/// directory, and spreads chat clients and uploads over them round-robin: pass a shared app state
/// (<c>--RagBot:AppState:Provider=PostgreSql --RagBot:AppState:PostgreSql:ConnectionString=...</c>). In this process,
/// unless a vector store is named, the replicas share one embedded vector file; with <c>--processes 1</c> each replica is
/// a real API process (<c>dotnet RagBot.Api.dll</c>) and, unless a vector store is named, they share the Qdrant stand-in
/// run as one more process (see <see cref="LoadReplicas"/>).
/// </summary>
internal static class LoadBenchmark
{
    private static readonly TimeSpan DrainGiveUpAfter = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseArgs(args, out var settings);
        if (!ApiRuntime.IsCurrent(options))
        {
            return await ApiRuntime.RunAsChildAsync(args);
        }

        var clients = Option(options, "clients", 64);
        var seconds = Option(options, "seconds", 20);
        var warmupSeconds = Option(options, "warmup-seconds", 0);
        var warmupUploads = warmupSeconds > 0 ? Option(options, "warmup-uploads", 20) : 0;
        var maxChats = Option(options, "max-chats", 100_000);
        var corpus = Option(options, "corpus", 20);
        var uploads = Option(options, "uploads", 200);
        var documentKb = Option(options, "doc-kb", 8);
        var replicas = Option(options, "replicas", 1);
        var processes = Option(options, "processes", 0) != 0;
        // Spans are heard in this process only: with --processes 1 the API runs in child processes.
        using var spans = Option(options, "spans", 0) != 0 && !processes ? new SpanDurations() : null;
        if (Option(options, "spans", 0) != 0 && processes)
        {
            Console.WriteLine("# --spans is ignored with --processes 1: the API's spans end in its own processes");
        }

        var root = Path.Combine(Path.GetTempPath(), "ragbot-bench-load", Guid.NewGuid().ToString("N"));
        Console.WriteLine($"# clients={clients} seconds={seconds} warmup_seconds={warmupSeconds} warmup_uploads={warmupUploads} max_chats={maxChats} corpus={corpus} uploads={uploads} doc_kb={documentKb} replicas={replicas} processes={processes} cores={Environment.ProcessorCount} {ApiRuntime.Describe()} load_average={LoadAverage()}");
        await using var servers = await LoadReplicas.StartAsync(replicas, processes, root, settings);
        var clientsByReplica = servers.Addresses.Select(address => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients + 8 })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        }).ToList();
        var http = clientsByReplica[0];

        for (var i = 0; i < corpus; i++)
        {
            using var response = await UploadAsync(http, $"corpus-{i}", i, documentKb, wait: true);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Console.Error.WriteLine($"The corpus upload {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return 2;
            }
        }

        if (warmupSeconds > 0)
        {
            // Other questions than the measured clients' (their seeds start at 0), so no cache is warmed for them.
            var warmup = new LatencyLog();
            using var warmupStop = new CancellationTokenSource(TimeSpan.FromSeconds(warmupSeconds));
            var warmupClock = Stopwatch.StartNew();

            // A few uploads meanwhile, so the ingestion path is compiled (and tiered up) before it is measured too.
            var warmupIngestion = Task.Run(() => WarmUpUploadsAsync(http, warmupUploads, documentKb));
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ChatAsync(clientsByReplica[c % replicas], 1_000_000 + c, warmup, () => true, warmupStop.Token))));
            Console.WriteLine(warmup.Summary("warmup", warmupClock.Elapsed.TotalSeconds));
            if (!await warmupIngestion)
            {
                return 2;
            }
        }

        var chat = new LatencyLog();
        var upload = new LatencyLog();
        var jobs = new List<string>();
        var chatsLeft = maxChats;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        spans?.Start();
        var ingestion = Task.Run(() => IngestAsync(clientsByReplica, uploads, documentKb, upload, jobs));
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ChatAsync(clientsByReplica[c % replicas], c, chat, () => Interlocked.Decrement(ref chatsLeft) >= 0, stop.Token))));
        var chatSeconds = clock.Elapsed.TotalSeconds;
        spans?.Stop();

        // On a shared host the requests/s follow the other processes' load; the CPU this process used per chat
        // (server, clients and the ingestion running meanwhile, so an upper bound) moves far less.
        var chatCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var uploadSeconds = await ingestion;
        var (succeeded, failed, stuck) = await DrainAsync(http, jobs);
        var ingestSeconds = clock.Elapsed.TotalSeconds;
        var documents = (await http.GetFromJsonAsync<JsonElement>(new Uri("/api/documents", UriKind.Relative))).GetArrayLength();
        var lost = uploads - succeeded;

        Console.WriteLine(chat.Summary("chat", chatSeconds));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cpu: seconds={chatCpuSeconds:F1} of {chatSeconds * Environment.ProcessorCount:F1} available, ms_per_chat={chatCpuSeconds * 1000 / Math.Max(1, chat.Count):F2} (in-process API, clients and ingestion)"));
        Console.WriteLine(upload.Summary("upload", uploadSeconds));
        foreach (var line in spans?.Summary() ?? [])
        {
            Console.WriteLine(line);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingestion: jobs={jobs.Count} succeeded={succeeded} failed={failed} not_finished={stuck} seconds={ingestSeconds:F1} docs_per_s={succeeded / ingestSeconds:F1} documents={documents} expected_documents={corpus + warmupUploads + uploads} lost={lost}"));

        Console.WriteLine($"# load_average_after={LoadAverage()}");
        foreach (var client in clientsByReplica)
        {
            client.Dispose();
        }

        await servers.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TryDelete(root);
        var clean = chat.ServerErrors + upload.ServerErrors + chat.Failures + upload.Failures == 0 && lost == 0 && documents == corpus + warmupUploads + uploads;
        Console.WriteLine(clean ? "result: ok (no 5xx, no transport error, no lost document)" : "result: FAILED (see the counts above)");
        return clean ? 0 : 2;
    }

    private static async Task ChatAsync(HttpClient http, int client, LatencyLog log, Func<bool> mayAsk, CancellationToken stop)
    {
        var random = new Random(client);
        while (!stop.IsCancellationRequested && mayAsk())
        {
            var question = $"What does the {SyntheticText.Sentence(random, 3).TrimEnd('.')} section say about the {SyntheticText.Sentence(random, 1).TrimEnd('.')}?";
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), new { message = question }, CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                log.Record((int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                log.RecordFailure();
            }
        }
    }

    /// <summary>Uploads one document after another (async, 202) and returns how long the uploads took in seconds.</summary>
    /// <summary>Uploads the warm-up documents one by one, each waited for; false (with the reason) when one fails.</summary>
    private static async Task<bool> WarmUpUploadsAsync(HttpClient http, int count, int documentKb)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await UploadAsync(http, $"warmup-{i}", 200_000 + i, documentKb, wait: true);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Console.Error.WriteLine($"The warm-up upload {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return false;
            }
        }

        return true;
    }

    private static async Task<double> IngestAsync(List<HttpClient> replicas, int uploads, int documentKb, LatencyLog log, List<string> jobs)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < uploads; i++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await UploadAsync(replicas[i % replicas.Count], $"load-{i}", 100_000 + i, documentKb, wait: false);
                log.Record((int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                    jobs.Add(body.GetProperty("jobId").GetString()!);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                log.RecordFailure();
            }
        }

        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Polls every job until it ends (or the safety limit passes); returns (succeeded, failed, still not finished).</summary>
    private static async Task<(int Succeeded, int Failed, int NotFinished)> DrainAsync(HttpClient http, List<string> jobs)
    {
        var pending = new HashSet<string>(jobs);
        var succeeded = 0;
        var failed = 0;
        var started = Stopwatch.StartNew();
        while (pending.Count > 0 && started.Elapsed < DrainGiveUpAfter)
        {
            foreach (var jobId in pending.ToList())
            {
                var status = (await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/jobs/{jobId}", UriKind.Relative))).GetProperty("status").GetString();
                if (status is "succeeded" or "unchanged" or "failed")
                {
                    pending.Remove(jobId);
                    _ = status == "failed" ? failed++ : succeeded++;
                }
            }

            await Task.Delay(200);
        }

        return (succeeded, failed, pending.Count);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient http, string documentId, int seed, int documentKb, bool wait)
    {
        var random = new Random(seed);
        var text = new StringBuilder($"# {documentId}\n\n");
        while (text.Length < documentKb * 1024)
        {
            text.Append($"## {SyntheticText.Sentence(random, 4).TrimEnd('.')}\n\n");
            for (var s = 0; s < 8; s++)
            {
                text.Append(SyntheticText.Sentence(random, 14)).Append(' ');
            }

            text.Append("\n\n");
        }

        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text.ToString()));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/markdown");
        form.Add(file, "file", documentId + ".md");
        form.Add(new StringContent(documentId), "documentId");
        return SendAndDisposeAsync(http, new Uri(wait ? "/api/documents?wait=true" : "/api/documents", UriKind.Relative), form);
    }

    private static async Task<HttpResponseMessage> SendAndDisposeAsync(HttpClient http, Uri uri, MultipartFormDataContent form)
    {
        using (form)
        {
            var response = await http.PostAsync(uri, form);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }
    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalizing connection; the OS cleans the temp folder later.
        }
    }

    /// <summary>The 1-minute load average (Linux), so figures taken on a shared machine say how busy it was.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static int Option(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static Dictionary<string, string> ParseArgs(string[] args, out Dictionary<string, string?> settings)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        settings = [];
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--RagBot:", StringComparison.OrdinalIgnoreCase) && args[i].Split('=', 2) is [var key, var value])
            {
                settings[key[2..]] = value;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
        }

        return options;
    }
}
