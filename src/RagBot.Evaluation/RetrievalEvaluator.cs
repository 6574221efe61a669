using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RagBot.Chat;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Hosting;
using RagBot.Ingestion;
using RagBot.Retrieval;

namespace RagBot.Evaluation;

/// <summary>
/// Measures retrieval on a BEIR-layout dataset with RagBot's real paths: a scratch host (the caller's
/// settings, but a temporary data directory, never the live one) ingests the corpus through
/// <see cref="DocumentIngestor"/>, and every judged query runs through <see cref="HybridRetriever"/> (what
/// chat uses) with the relevance threshold off. Chunks are folded into documents in rank order. Then every
/// judged and negative question goes through the chat path (<see cref="AnswerEvaluation"/>).
/// </summary>
public sealed class RetrievalEvaluator
{
    private const int RecallDepth = 100;
    private readonly IConfiguration _configuration;

    public RetrievalEvaluator(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
    }

    public async Task<EvaluationReport> RunAsync(EvaluationRequest request, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.K, 1);
        var dataset = await BeirDataset.LoadAsync(request.DatasetDirectory, cancellationToken).ConfigureAwait(false);
        var negatives = request.NegativesPath is null
            ? new Dictionary<string, string>()
            : await BeirDataset.LoadQueriesAsync(request.NegativesPath, cancellationToken).ConfigureAwait(false);
        var kept = request.KeepIndexIn is null ? null : KeptEvaluationIndex.DirectoryFor(request.KeepIndexIn, request.DatasetDirectory, _configuration);
        var scratch = kept ?? Path.Combine(Path.GetTempPath(), "ragbot-eval", Guid.NewGuid().ToString("N"));
        using var keptLock = kept is null ? null : KeptEvaluationIndex.Lock(kept);
        try
        {
            var keptSkipped = kept is null ? null : KeptEvaluationIndex.CompletedSkipped(kept);
            using var host = BuildScratchHost(scratch, kept is null ? null : Path.Combine(request.KeepIndexIn!, "eval", "embedding-cache.db"));
            var ingestClock = Stopwatch.StartNew();
            var corpusIds = CorpusIds(dataset.Corpus);
            var skipped = keptSkipped ?? await IngestAsync(host.Services.GetRequiredService<DocumentIngestor>(), dataset.Corpus, progress, cancellationToken).ConfigureAwait(false);
            var ingestSeconds = ingestClock.Elapsed.TotalSeconds;
            if (kept is not null && keptSkipped is null)
            {
                KeptEvaluationIndex.MarkCompleted(kept, dataset.Corpus.Count, skipped);
            }

            var retriever = host.Services.GetRequiredService<HybridRetriever>();
            var report = await QueryAsync(retriever, dataset, corpusIds, request, progress, cancellationToken).ConfigureAwait(false);
            var answers = request.Answers
                ? await AnswerEvaluation.RunAsync(
                    host.Services.GetRequiredService<GroundedChatService>(), retriever, host.Services.GetService<RelevanceGate>(), dataset, JudgedQueries(dataset), negatives, corpusIds, progress, cancellationToken).ConfigureAwait(false)
                : null;
            return report with
            {
                Documents = dataset.Corpus.Count - skipped, DocumentsSkipped = skipped, IngestSeconds = ingestSeconds, Answers = answers, ReusedIndex = keptSkipped is not null,
            };
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (kept is null)
            {
                TryDelete(scratch);
            }
        }
    }

    /// <param name="scratch">The host's data directory (temporary, or the kept index's folder).</param>
    /// <param name="keptCachePath">With a kept index, where embeddings are cached unless RagBot:Embeddings:Cache:Path says:
    /// beside the kept indexes, so a new index (other chunking, a rebuilt parser) re-embeds only the text it has not seen.</param>
    private IHost BuildScratchHost(string scratch, string? keptCachePath)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddConfiguration(_configuration);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RagBot:DataDirectory"] = scratch,
            ["RagBot:VectorStore:Sqlite:DatabasePath"] = Path.Combine(scratch, "vectors.db"),
            ["RagBot:VectorStore:Sqlite:ConnectionString"] = null,
            ["RagBot:VectorStore:Provider"] = "Embedded",
            ["RagBot:Ingestion:SeedDirectory"] = "",

            // The answer stage measures retrieval, the gate and the extractive answerer: never a model call.
            ["RagBot:Chat:Provider"] = "Local",
            ["RagBot:Chat:FallbackToExtractive"] = "false",
        });
        if (keptCachePath is not null && string.IsNullOrWhiteSpace(_configuration["RagBot:Embeddings:Cache:Path"]))
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["RagBot:Embeddings:Cache:Path"] = keptCachePath });
        }

        builder.Logging.ClearProviders();
        builder.AddRagBot(seedSampleCorpus: false);
        return builder.Build();
    }

    private static Dictionary<string, string> CorpusIds(IReadOnlyList<BeirDocument> corpus)
    {
        var corpusIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in corpus)
        {
            corpusIds[DocumentIdOf(document.Id)] = document.Id;
        }

        return corpusIds;
    }

    /// <summary>Ingests every corpus entry; returns how many were rejected (empty or unparseable).</summary>
    private static async Task<int> IngestAsync(
        DocumentIngestor ingestor, IReadOnlyList<BeirDocument> corpus, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        var done = 0;
        var skipped = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(corpus, options, async (document, token) =>
        {
            try
            {
                var id = DocumentIdOf(document.Id);
                await ingestor.IngestAsync(new DocumentUpload(id + ".txt", Encoding.UTF8.GetBytes(AsText(document))) { DocumentId = id }, token).ConfigureAwait(false);
            }
            catch (IngestionRejectedException)
            {
                Interlocked.Increment(ref skipped);
            }

            var count = Interlocked.Increment(ref done);
            if (count % 50 == 0 || count == corpus.Count)
            {
                progress?.Report(new EvaluationProgress("ingest", count, corpus.Count));
            }
        }).ConfigureAwait(false);
        return skipped;
    }

    private static async Task<EvaluationReport> QueryAsync(
        HybridRetriever retriever, BeirDataset dataset, Dictionary<string, string> corpusIds, EvaluationRequest request, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        var judged = JudgedQueries(dataset);
        var depth = Math.Max(RecallDepth, request.K);
        var ndcg = 0.0;
        var recall = 0.0;
        var recall100 = 0.0;
        var mrr = 0.0;
        var latencies = new List<double>(judged.Count);
        using var stages = new StageClock();
        var passes = Math.Max(1, request.Passes);
        var done = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            var timed = passes == 1 || pass > 0;
            foreach (var (queryId, judgments) in judged)
            {
                var chunks = await TimedRetrieveAsync(retriever, dataset.Queries[queryId], depth * 2, request.Mode, timed ? latencies : null, timed ? stages : null, cancellationToken).ConfigureAwait(false);
                if (pass > 0)
                {
                    continue;
                }

                var ranked = chunks.Select(c => corpusIds.GetValueOrDefault(c.Chunk.DocumentId, c.Chunk.DocumentId)).Distinct(StringComparer.Ordinal).Take(depth).ToList();
                ndcg += RetrievalMetrics.Ndcg(ranked, judgments, request.K);
                recall += RetrievalMetrics.Recall(ranked, judgments, request.K);
                recall100 += RetrievalMetrics.Recall(ranked, judgments, RecallDepth);
                mrr += RetrievalMetrics.ReciprocalRank(ranked, judgments, request.K);
                progress?.Report(new EvaluationProgress("query", ++done, judged.Count));
            }
        }

        var n = Math.Max(1, judged.Count);
        return new EvaluationReport
        {
            K = request.K,
            Mode = request.Mode,
            Ndcg = ndcg / n,
            Recall = recall / n,
            Recall100 = recall100 / n,
            Mrr = mrr / n,
            Queries = judged.Count,
            P50Milliseconds = RetrievalMetrics.Percentile(latencies, 50),
            P99Milliseconds = RetrievalMetrics.Percentile(latencies, 99),
            Stages = stages.Report(),
            Documents = 0,
            DocumentsSkipped = 0,
            IngestSeconds = 0,
        };
    }

    /// <summary>One retrieval with the relevance gate off, under its own root span so its stages are timed apart from anything else.</summary>
    private static async Task<IReadOnlyList<RagBot.Core.Chat.RetrievedChunk>> TimedRetrieveAsync(
        HybridRetriever retriever, string query, int topK, RetrievalMode mode, List<double>? latencies, StageClock? stages, CancellationToken cancellationToken)
    {
        using var root = StageClock.StartQuery();
        var started = Stopwatch.GetTimestamp();
        var chunks = await retriever.RetrieveAsync(new RetrievalRequest(query) { TopK = topK, MinRelevance = -1, Mode = mode }, cancellationToken).ConfigureAwait(false);
        latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        root.Stop();
        stages?.Record(root);
        return chunks;
    }

    private static List<KeyValuePair<string, IReadOnlyDictionary<string, int>>> JudgedQueries(BeirDataset dataset) =>
        dataset.Judgments
            .Where(j => j.Value.Values.Any(score => score > 0) && dataset.Queries.ContainsKey(j.Key))
            .OrderBy(j => j.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The document as RagBot ingests it: a plain-text file, the title as its first paragraph, then the text.
    /// Not a Markdown heading: chunk text (what the keyword index sees) leaves headings out, and a title-only
    /// document would have no text at all.
    /// </summary>
    internal static string AsText(BeirDocument document) =>
        document.Title.Length == 0 ? document.Text : $"{document.Title}\n\n{document.Text}";

    /// <summary>The corpus id when it is a valid document id, else a stable hash of it.</summary>
    internal static string DocumentIdOf(string corpusId) =>
        DocumentIds.IsValid(corpusId) ? corpusId : "doc-" + XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(corpusId)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Scratch space in the temp folder; the OS cleans it if a file is still held.
        }
    }
}
