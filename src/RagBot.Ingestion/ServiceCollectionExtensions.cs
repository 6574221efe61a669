using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;
using RagBot.Core.Chunks;
using RagBot.Indexing;
using RagBot.Ingestion.Chunking;
using RagBot.Ingestion.Jobs;
using RagBot.Ingestion.Parsers;

namespace RagBot.Ingestion;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers parsing, chunking and the ingestor. Configuration:
    /// <code>"RagBot": { "Ingestion": { "MaxUploadBytes": 52428800, "EmbeddingBatchSize": 64, "SeedDirectory": "data",
    ///                                 "Workers": 2, "MaxAttempts": 3, "RetryDelaySeconds": 5, "WaitTimeoutSeconds": 120,
    ///                                 "JobTimeoutSeconds": 1800 },
    ///                   "Chunking": { "TargetTokens": 256, "OverlapTokens": 32 } }</code>
    /// </summary>
    public static IServiceCollection AddRagBotIngestion(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChunkingOptions>().BindConfiguration(ChunkingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChunkingOptions>, ChunkingOptionsValidator>());
        services.TryAddSingleton<Tokenizer>(_ => TiktokenTokenizer.CreateForModel("gpt-4"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddRagBotParsers();
        services.AddSingleton<IChunker, TokenChunker>();
        services.AddSingleton<IDocumentChunkWriter, ChunkIndexer>();
        services.AddSingleton<DocumentIngestor>();
        services.AddSingleton<IngestionJobLifecycle>();
        services.AddSingleton<IngestionJobQueue>();
        services.AddSingleton<IngestionJobRunner>();
        return services;
    }
}
