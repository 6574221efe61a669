using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using RagBot.Bench.Memory;

namespace RagBot.Bench.SmallFiles;

/// <summary>
/// Many small uploads through the API (a Release build started as a child process): each file is a
/// <c>POST /api/documents?wait=true</c> from one of several concurrent clients, so the time covers the job queue and
/// the ingestion of every document, as an application uploading a folder would see it. Warm-up files, when given, are
/// uploaded first and not timed: a fresh process spends much of its first minute compiling (tiered JIT and its
/// instrumented tier took ~45% of the API's CPU samples 8-23 s into a run), which is not what a running server pays.
/// </summary>
internal static class UploadRun
{
    public static async Task<string> RunAsync(
        string apiDll, IReadOnlyList<string> files, IReadOnlyList<string> warmUpFiles, string root, int clients, IReadOnlyDictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string>(environment) { ["RagBot__Ingestion__SeedDirectory"] = "" };
        var started = Stopwatch.StartNew();
        await using var api = ApiProcess.Start(apiDll, Path.Combine(root, "api-data"), settings, Path.Combine(root, "api.log"));
        using var http = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromMinutes(5) };
        await WaitUntilReadyAsync(http, api);
        var readySeconds = started.Elapsed.TotalSeconds;
        var warmUpFailed = await UploadAllAsync(http, warmUpFiles, clients);
        var cpuBefore = CpuSeconds(api.Id);
        var clock = Stopwatch.StartNew();
        var failed = await UploadAllAsync(http, files, clients);
        var seconds = clock.Elapsed.TotalSeconds;
        var apiCpu = CpuSeconds(api.Id) - cpuBefore;
        return string.Create(CultureInfo.InvariantCulture,
            $"ready_s={readySeconds:F2} warmup_uploads={warmUpFiles.Count} uploads={files.Count} not_succeeded={failed + warmUpFailed} clients={clients} seconds={seconds:F2} " +
            $"ms_per_file={seconds * 1000 / files.Count:F2} files_per_s={files.Count / seconds:F0} api_cpu_ms_per_file={apiCpu * 1000 / files.Count:F2}");
    }

    /// <summary>The process's user + system CPU seconds so far (Linux /proc; NaN elsewhere).</summary>
    private static double CpuSeconds(int processId)
    {
        var stat = $"/proc/{processId}/stat";
        if (!File.Exists(stat))
        {
            return double.NaN;
        }

        // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the
        // 14th field of the line and stime the 15th, in clock ticks (100 per second on Linux).
        var fields = File.ReadAllText(stat).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task<int> UploadAllAsync(HttpClient http, IReadOnlyList<string> files, int clients)
    {
        var failed = 0;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (file, cancellationToken) =>
        {
            using var form = new MultipartFormDataContent();
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(file, cancellationToken));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(content, "file", Path.GetFileName(file));
            using var response = await http.PostAsync(new Uri("/api/documents?wait=true", UriKind.Relative), form, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            // 201 created / 200 updated or unchanged with ?wait=true; 202 would mean the wait timed out.
            if (response.StatusCode is not (System.Net.HttpStatusCode.Created or System.Net.HttpStatusCode.OK))
            {
                if (Interlocked.Increment(ref failed) == 1)
                {
                    Console.Error.WriteLine($"# first upload that did not succeed: {(int)response.StatusCode} {body}");
                }
            }
        });
        return failed;
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, ApiProcess api)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (api.HasExited)
            {
                throw new InvalidOperationException($"The API exited with {api.ExitCode} before it was ready.");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The API was not ready within 2 minutes.");
    }
}
