using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Bench.Lucene;
using RagBot.Core.Documents;
using RagBot.Ingestion;

namespace RagBot.Bench.Chat;

/// <summary>
/// The chat bench's index: the collection's documents (title and text as one .txt each, as <c>ragbot eval</c> ingests
/// them) ingested once through the running API's own <see cref="DocumentIngestor"/> in batches, so the next run over
/// the same data directory starts at once. A marker file records what was ingested.
/// </summary>
internal static class ChatBenchIndex
{
    private const string MarkerName = "chat-bench-index.json";
    private const int BatchSize = 64;

    /// <summary>A data directory per dataset and settings (the embedder decides the chunks and vectors).</summary>
    public static string DefaultDirectory(string dataset, IReadOnlyDictionary<string, string?> settings)
    {
        var key = Path.GetFullPath(dataset) + "|" + string.Join("|", settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key)).ToString("x16", CultureInfo.InvariantCulture);
        return Path.Combine(Path.GetTempPath(), "ragbot-bench-chat", $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(dataset))}-{hash}");
    }

    /// <summary>Ingests the collection unless the marker says it is there; returns the index's chunk count.</summary>
    public static async Task<(int Chunks, bool IngestedNow)> EnsureAsync(
        IServiceProvider services, BeirCollection collection, string dataDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(dataDirectory, MarkerName);
        if (File.Exists(marker))
        {
            var saved = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(marker, cancellationToken));
            return (saved.GetProperty("chunks").GetInt32(), false);
        }

        var ingestor = services.GetRequiredService<DocumentIngestor>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var chunks = 0;
        var failed = 0;
        foreach (var batch in collection.Documents.Chunk(BatchSize))
        {
            var uploads = batch.Select(d => new DocumentUpload(d.Id + ".txt", Encoding.UTF8.GetBytes(d.Title.Length == 0 ? d.Text : $"{d.Title}\n\n{d.Text}"))
            {
                DocumentId = DocumentIds.IsValid(d.Id) ? d.Id : "doc-" + XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(d.Id)).ToString("x16", CultureInfo.InvariantCulture),
            }).ToList();
            foreach (var outcome in await ingestor.IngestManyAsync(uploads, cancellationToken))
            {
                chunks += outcome.Result?.ChunkCount ?? 0;
                failed += outcome.Error is null ? 0 : 1;
            }
        }

        await log.WriteLineAsync($"# ingested {collection.Documents.Count} documents ({failed} refused) into {chunks} chunks in {clock.Elapsed.TotalSeconds:F1} s");
        await File.WriteAllTextAsync(marker, JsonSerializer.Serialize(new { documents = collection.Documents.Count, chunks }), cancellationToken);
        return (chunks, true);
    }
}
