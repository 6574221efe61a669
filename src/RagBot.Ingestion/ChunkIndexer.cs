using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Diagnostics;
using RagBot.Core.Documents;
using RagBot.Core.Embeddings;
using RagBot.Core.Errors;
using RagBot.Indexing;
using RagBot.Ingestion.Chunking;
using RagBot.Ingestion.Parsers;

namespace RagBot.Ingestion;

/// <summary>
/// Parses, chunks, embeds (in batches) and upserts document versions (one, or a batch of small ones whose
/// embedding batches and store transactions span documents) into a given collection. Chunk keys
/// come from (document id, version, ordinal), so running it twice overwrites instead of duplicating. Used by
/// uploads (active index) and by reindex (a new index generation), through <see cref="DocumentVersionCommitter"/>.
/// </summary>
public sealed class ChunkIndexer : IDocumentChunkWriter
{
    private readonly DocumentParserRegistry _parsers;
    private readonly IChunker _chunker;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly IngestionOptions _options;

    public ChunkIndexer(
        DocumentParserRegistry parsers, IChunker chunker, IEmbeddingGenerator<string, Embedding<float>> embedder, IOptions<IngestionOptions> options, IOptions<ChunkingOptions> chunking)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(chunking);
        _parsers = parsers;
        _chunker = chunker;
        _embedder = embedder;
        _options = options.Value;
        ChunkingFingerprint = chunking.Value.Fingerprint;
    }

    public string ChunkingFingerprint { get; }

    /// <summary>Indexes the version and returns its chunk count and the parser's warnings; <paramref name="progress"/> hears (chunks done, total).</summary>
    public async Task<IndexedVersion> WriteAsync(
        DocumentVersion version,
        ReadOnlyMemory<byte> content,
        VectorStoreCollection<Guid, DocumentChunk> collection,
        IProgress<(int Done, int Total)>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(collection);
        var (chunks, warnings) = await ParseAndChunkAsync(version, content, cancellationToken).ConfigureAwait(false);
        await WriteChunksAsync(collection, [.. chunks.Select(chunk => (version, chunk))], progress, cancellationToken).ConfigureAwait(false);
        return new IndexedVersion(chunks.Count, warnings);
    }

    public async Task<IReadOnlyList<VersionWriteOutcome>> WriteManyAsync(
        IReadOnlyList<(DocumentVersion Version, ReadOnlyMemory<byte> Content)> versions,
        VectorStoreCollection<Guid, DocumentChunk> collection,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(collection);
        var outcomes = new VersionWriteOutcome[versions.Count];
        var chunks = new List<(DocumentVersion Version, TextChunk Chunk)>();
        for (var i = 0; i < versions.Count; i++)
        {
            var (version, content) = versions[i];
            try
            {
                var (parts, warnings) = await ParseAndChunkAsync(version, content, cancellationToken).ConfigureAwait(false);
                chunks.AddRange(parts.Select(chunk => (version, chunk)));
                outcomes[i] = VersionWriteOutcome.Succeeded(new IndexedVersion(parts.Count, warnings));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A hostile or broken file fails alone, as it would uploaded on its own.
                outcomes[i] = VersionWriteOutcome.Failed(ex);
            }
        }

        await WriteChunksAsync(collection, chunks, progress: null, cancellationToken).ConfigureAwait(false);
        return outcomes;
    }

    private async Task<(IReadOnlyList<TextChunk> Chunks, IReadOnlyList<string> Warnings)> ParseAndChunkAsync(
        DocumentVersion version, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var stream = ContentStream.Open(content);
        ParsedDocument parsed;
        using (RagBotTelemetry.Source.StartActivity(RagBotSpans.Parse))
        {
            parsed = await _parsers.GetParser(version.ContentType).ParseAsync(stream, version.Source, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<TextChunk> chunks;
        using (var chunkActivity = RagBotTelemetry.Source.StartActivity(RagBotSpans.Chunk))
        {
            chunks = _chunker.Chunk(parsed, cancellationToken);
            chunkActivity?.SetTag("ragbot.chunks", chunks.Count);
        }

        if (chunks.Count == 0)
        {
            var why = parsed.Warnings.Count == 0 ? "" : " " + string.Join(" ", parsed.Warnings);
            throw new IngestionRejectedException(RejectionReason.Unreadable, $"'{version.Source}' contains no text to index.{why}");
        }

        return (chunks, parsed.Warnings);
    }

    /// <summary>Embeds and upserts chunks (of one or several versions) in batches; <paramref name="progress"/> hears (chunks done, total).</summary>
    private async Task WriteChunksAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection,
        List<(DocumentVersion Version, TextChunk Chunk)> chunks,
        IProgress<(int Done, int Total)>? progress,
        CancellationToken cancellationToken)
    {
        var done = 0;
        progress?.Report((0, chunks.Count));

        // Embedding is CPU work and writing is mostly the store's: batch n + 1 is embedded while batch n is written.
        var write = Task.CompletedTask;
        try
        {
            foreach (var batch in chunks.Chunk(_options.WriteBatchSize))
            {
                var records = await EmbedAsync(batch, cancellationToken).ConfigureAwait(false);
                await write.ConfigureAwait(false);
                write = Task.Run(
                    async () =>
                    {
                        await WriteAsync(collection, records, cancellationToken).ConfigureAwait(false);
                        done += records.Count;
                        progress?.Report((done, chunks.Count));
                    },
                    cancellationToken);
            }

            await write.ConfigureAwait(false);
        }
        catch
        {
            // Never return while a write is still running against the collection.
            await write.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }

    private async Task<List<DocumentChunk>> EmbedAsync((DocumentVersion Version, TextChunk Chunk)[] batch, CancellationToken cancellationToken)
    {
        var records = new List<DocumentChunk>(batch.Length);
        foreach (var part in batch.Chunk(_options.EmbeddingBatchSize))
        {
            GeneratedEmbeddings<Embedding<float>> embeddings;
            using (RagBotTelemetry.Source.StartActivity(RagBotSpans.Embed)?.SetTag("ragbot.chunks", part.Length))
            {
                embeddings = await _embedder.GenerateAsync(part.Select(c => c.Chunk.TextForEmbedding), EmbeddingRoles.Passage(), cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < part.Length; i++)
            {
                records.Add(ToRecord(part[i].Version, part[i].Chunk, embeddings[i].Vector));
            }
        }

        return records;
    }

    private static async Task WriteAsync(VectorStoreCollection<Guid, DocumentChunk> collection, List<DocumentChunk> records, CancellationToken cancellationToken)
    {
        using (RagBotTelemetry.Source.StartActivity(RagBotSpans.Upsert)?.SetTag("db.collection.name", collection.Name)?.SetTag("ragbot.chunks", records.Count))
        {
            await collection.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
        }

        RagBotTelemetry.IngestedChunks.Add(records.Count);
    }

    private static DocumentChunk ToRecord(DocumentVersion version, TextChunk chunk, ReadOnlyMemory<float> embedding) => new()
    {
        Id = ChunkKeys.For(version.DocumentId, version.Sha256, chunk.Ordinal),
        DocumentId = version.DocumentId,
        DocumentVersion = version.Sha256,
        Source = version.Source,
        Ordinal = chunk.Ordinal,
        HeadingPath = chunk.HeadingPath,
        PageStart = chunk.PageStart,
        PageEnd = chunk.PageEnd,
        PageBreaks = chunk.PageBreaks,
        CharStart = chunk.CharStart,
        CharEnd = chunk.CharEnd,
        Text = chunk.Text,
        Tags = [.. version.Tags],
        Embedding = embedding,
    };
}
