using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using RagBot.Bench.Memory;

namespace RagBot.Bench.SmallFiles;

/// <summary>
/// Many small uploads through the API (a Release build started as a child process): each file is a
/// <c>POST /api/documents?wait=true</c> from one of several concurrent clients, so the time covers the job queue and
/// the ingestion of every document, as an application uploading a folder would see it.
/// </summary>
internal static class UploadRun
{
    public static async Task<string> RunAsync(string apiDll, IReadOnlyList<string> files, string root, int clients, IReadOnlyDictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string>(environment) { ["RagBot__Ingestion__SeedDirectory"] = "" };
        await using var api = ApiProcess.Start(apiDll, Path.Combine(root, "api-data"), settings, Path.Combine(root, "api.log"));
        using var http = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromMinutes(5) };
        await WaitUntilReadyAsync(http, api);
        var failed = 0;
        var clock = Stopwatch.StartNew();
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
        var seconds = clock.Elapsed.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"uploads={files.Count} not_succeeded={failed} clients={clients} seconds={seconds:F2} ms_per_file={seconds * 1000 / files.Count:F2} files_per_s={files.Count / seconds:F0}");
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
