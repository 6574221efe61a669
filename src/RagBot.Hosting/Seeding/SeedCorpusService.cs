using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagBot.Core.Diagnostics;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.Hosting.Seeding;

/// <summary>
/// On start, when no document is stored yet, ingests the sample corpus folder (RagBot:Ingestion:SeedDirectory)
/// so a fresh install answers questions at once. Runs before the host starts listening.
/// </summary>
public sealed partial class SeedCorpusService : IHostedService
{
    private readonly IDocumentCatalog _catalog;
    private readonly DocumentIngestor _ingestor;
    private readonly IngestionOptions _options;
    private readonly ILogger<SeedCorpusService> _logger;

    public SeedCorpusService(IDocumentCatalog catalog, DocumentIngestor ingestor, IOptions<IngestionOptions> options, ILogger<SeedCorpusService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _catalog = catalog;
        _ingestor = ingestor;
        _options = options.Value;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.SeedDirectory))
        {
            return;
        }

        var directory = Path.IsPathRooted(_options.SeedDirectory) ? _options.SeedDirectory : Path.Combine(AppContext.BaseDirectory, _options.SeedDirectory);
        if (!Directory.Exists(directory) || (await _catalog.ListAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return;
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => DocumentContentTypes.ByExtension.ContainsKey(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var file in files)
        {
            using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.Seed);
            try
            {
                var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
                var result = await _ingestor.IngestAsync(new DocumentUpload(Path.GetFileName(file), bytes) { Tags = ["collection:samples"] }, cancellationToken).ConfigureAwait(false);
                LogSeeded(result.DocumentId, result.ChunkCount);
            }
            catch (IngestionRejectedException ex)
            {
                LogSkipped(Path.GetFileName(file), ex.Message);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded sample document {DocumentId} ({ChunkCount} chunks)")]
    private partial void LogSeeded(string documentId, int chunkCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped sample file {FileName}: {Reason}")]
    private partial void LogSkipped(string fileName, string reason);
}
