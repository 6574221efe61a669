using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RagBot.Core.Embeddings;

namespace RagBot.Providers.Caching;

/// <summary>
/// Serves embeddings from a SQLite file keyed by provider + model + dimensions + role (query or passage: a model
/// with instruction prefixes embeds the same text differently) + XxHash128 of the text; only
/// the texts missing from it go to the inner generator, in one batch, and their vectors are stored.
/// Unchanged chunks are therefore never embedded twice, across reindexing, re-uploads and restarts.
/// </summary>
public sealed partial class PersistentEmbeddingCacheGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly SqliteEmbeddingStore _store;
    private readonly EmbeddingGeneratorMetadata? _metadata;
    private readonly ILogger _logger;

    public PersistentEmbeddingCacheGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, SqliteEmbeddingStore store, ILogger? logger = null)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _logger = logger ?? NullLogger.Instance;
        _metadata = inner.GetService<EmbeddingGeneratorMetadata>();
    }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var modelKey = ModelKey(options);
        var hashes = texts.Select(HashText).ToArray();
        var keys = hashes.Select(Convert.ToHexString).ToArray();
        var vectors = await _store.GetManyAsync(modelKey, hashes.DistinctBy(Convert.ToHexString).ToList(), cancellationToken).ConfigureAwait(false);

        var missing = Enumerable.Range(0, texts.Count).Where(i => !vectors.ContainsKey(keys[i])).DistinctBy(i => keys[i]).ToList();
        LogLookup(_logger, texts.Count, texts.Count - missing.Count, missing.Count, modelKey);
        UsageDetails? usage = null;
        if (missing.Count > 0)
        {
            var generated = await base.GenerateAsync(missing.Select(i => texts[i]).ToList(), options, cancellationToken).ConfigureAwait(false);
            if (generated.Count != missing.Count)
            {
                throw new InvalidOperationException($"The embedder returned {generated.Count} vectors for {missing.Count} texts.");
            }

            usage = generated.Usage;
            var entries = new List<(byte[], ReadOnlyMemory<float>)>(missing.Count);
            for (var j = 0; j < missing.Count; j++)
            {
                var vector = generated[j].Vector.ToArray();
                vectors[keys[missing[j]]] = vector;
                entries.Add((hashes[missing[j]], vector));
            }

            await _store.PutManyAsync(modelKey, entries, cancellationToken).ConfigureAwait(false);
        }

        var modelId = options?.ModelId ?? _metadata?.DefaultModelId;
        var result = new GeneratedEmbeddings<Embedding<float>>(keys.Select(key => new Embedding<float>(vectors[key]) { ModelId = modelId }))
        {
            Usage = usage,
        };
        return result;
    }

    private string ModelKey(EmbeddingGenerationOptions? options) => string.Join(
        "|",
        _metadata?.ProviderName ?? "unknown",
        options?.ModelId ?? _metadata?.DefaultModelId ?? "unknown",
        (options?.Dimensions ?? _metadata?.DefaultModelDimensions)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "native",
        EmbeddingRoles.Of(options) == EmbeddingRole.Query ? "query" : "passage");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedding cache: {Requested} texts, {Served} served from cache, {Embedded} sent to {ModelKey}")]
    private static partial void LogLookup(ILogger logger, int requested, int served, int embedded, string modelKey);

    private static byte[] HashText(string text) => XxHash128.Hash(Encoding.UTF8.GetBytes(text));
}
