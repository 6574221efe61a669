using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagBot.Bench.Memory;

/// <summary>The HTTP steps of the memory benchmark, each returning a short note for the report.</summary>
internal sealed class MemorySteps(HttpClient http)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(30);

    /// <summary>Waits for /health/ready and for the sample corpus's seeding to settle.</summary>
    public async Task<string> WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }

        var documents = -1;
        for (var count = await DocumentCountAsync(); count != documents || count == 0 && clock.Elapsed < TimeSpan.FromSeconds(30); count = await DocumentCountAsync())
        {
            documents = count;
            await Task.Delay(2000);
        }

        return $"documents={documents}";
    }

    /// <summary>Uploads one file with <c>?wait=true</c> (following the job when the wait times out).</summary>
    public async Task<string> UploadAsync(string path)
    {
        var clock = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(file, "file", Path.GetFileName(path));
        using var response = await http.PostAsync(new Uri("/api/documents?wait=true", UriKind.Relative), form);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            body = await WaitForJobAsync(body.GetProperty("jobId").GetString()!);
        }
        else if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"upload answered {(int)response.StatusCode}: {body}");
        }

        var chunks = body.TryGetProperty("chunkCount", out var c) ? c.GetInt32()
            : body.TryGetProperty("progress", out var progress) ? progress.GetProperty("chunksTotal").GetInt32() : 0;
        return string.Create(CultureInfo.InvariantCulture, $"chunks={chunks} chunks_per_s={chunks / clock.Elapsed.TotalSeconds:F0}");
    }

    /// <summary>Starts the admin reindex and waits for it to finish and for the old generation to be retired.</summary>
    public async Task<string> ReindexAsync()
    {
        using (var started = await http.PostAsync(new Uri("/api/admin/reindex", UriKind.Relative), null))
        {
            if (started.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"reindex answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
            }
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < GiveUpAfter)
        {
            await Task.Delay(1000);
            var reindex = (await http.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/index", UriKind.Relative))).GetProperty("reindex");
            if (!reindex.GetProperty("running").GetBoolean() && reindex.TryGetProperty("finishedAt", out var finished) && finished.ValueKind != JsonValueKind.Null)
            {
                // The old generation is dropped RetireDelaySeconds (2 s by default) after the switch.
                await Task.Delay(TimeSpan.FromSeconds(5));
                return reindex.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                    ? $"error={error.GetString()}"
                    : $"documents={reindex.GetProperty("done").GetInt32()}";
            }
        }

        throw new InvalidOperationException("the reindex did not finish in time.");
    }

    /// <summary>Runs <paramref name="chats"/> chat requests from <paramref name="clients"/> concurrent clients.</summary>
    public async Task<string> ChatAsync(int chats, int clients)
    {
        var left = chats;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            while (Interlocked.Decrement(ref left) >= 0)
            {
                var question = $"What does the {SyntheticText.Sentence(random, 3).TrimEnd('.')} section say about the {SyntheticText.Sentence(random, 1).TrimEnd('.')}?";
                using var response = await http.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), new { message = question });
                await response.Content.ReadAsByteArrayAsync();
                _ = response.IsSuccessStatusCode ? 0 : Interlocked.Increment(ref failures);
            }
        })));
        return string.Create(CultureInfo.InvariantCulture, $"rps={chats / clock.Elapsed.TotalSeconds:F1} non_2xx={failures}");
    }

    /// <summary>Bytes of the active index's float32 vectors: stored chunks x dimensions x 4.</summary>
    public async Task<long> IndexVectorBytesAsync()
    {
        var dimensions = (await http.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/index", UriKind.Relative))).GetProperty("active").GetProperty("dimensions").GetInt64();
        var documents = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/documents", UriKind.Relative));
        var chunks = documents.EnumerateArray().Sum(d => (long)d.GetProperty("chunkCount").GetInt32());
        return chunks * dimensions * sizeof(float);
    }

    private async Task<int> DocumentCountAsync() =>
        (await http.GetFromJsonAsync<JsonElement>(new Uri("/api/documents", UriKind.Relative))).GetArrayLength();

    private async Task<JsonElement> WaitForJobAsync(string jobId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < GiveUpAfter)
        {
            var job = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/jobs/{jobId}", UriKind.Relative));
            switch (job.GetProperty("status").GetString())
            {
                case "succeeded" or "unchanged":
                    return job;
                case "failed":
                    throw new InvalidOperationException($"the upload's job failed: {job}");
            }

            await Task.Delay(1000);
        }

        throw new InvalidOperationException("the upload's job did not finish in time.");
    }
}
