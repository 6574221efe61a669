using System.Diagnostics.CodeAnalysis;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Picks the parser for a content type. When several registered parsers claim the same type, the one registered
/// last wins, so a host can replace a built-in parser by registering its own after <c>AddRagBotParsers()</c>.
/// </summary>
public sealed class DocumentParserRegistry
{
    private readonly Dictionary<string, IDocumentParser> _parsers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ContentTypeDetector _detector;

    public DocumentParserRegistry(IEnumerable<IDocumentParser> parsers, ContentTypeDetector detector)
    {
        ArgumentNullException.ThrowIfNull(parsers);
        ArgumentNullException.ThrowIfNull(detector);
        _detector = detector;
        foreach (var parser in parsers)
        {
            foreach (var contentType in parser.ContentTypes)
            {
                _parsers[Normalize(contentType)] = parser;
            }
        }
    }

    public IReadOnlyCollection<string> SupportedContentTypes => _parsers.Keys;

    public bool TryGetParser(string contentType, [NotNullWhen(true)] out IDocumentParser? parser) =>
        _parsers.TryGetValue(Normalize(contentType), out parser);

    /// <summary>The parser for a content type such as <c>text/markdown</c> (parameters like <c>; charset=utf-8</c> are ignored).</summary>
    /// <exception cref="IngestionRejectedException">No parser reads that type (UnsupportedType).</exception>
    public IDocumentParser GetParser(string contentType) =>
        TryGetParser(contentType, out var parser)
            ? parser
            : throw new IngestionRejectedException(
                RejectionReason.UnsupportedType,
                $"No parser reads '{contentType}'. Supported content types: {string.Join(", ", _parsers.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>
    /// Detects the content type from the file name and leading bytes (see <see cref="ContentTypeDetector.DetectAsync"/>)
    /// and parses the whole stream with the matching parser.
    /// </summary>
    /// <exception cref="IngestionRejectedException">Empty, unsupported or mismatched type, or unreadable content.</exception>
    public async Task<ParsedDocument> ParseAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var seekable = content;
        if (!content.CanSeek)
        {
            seekable = new MemoryStream();
            await content.CopyToAsync(seekable, cancellationToken).ConfigureAwait(false);
            seekable.Position = 0;
        }

        try
        {
            var contentType = await _detector.DetectAsync(fileName, seekable, cancellationToken).ConfigureAwait(false);
            return await GetParser(contentType).ParseAsync(seekable, fileName, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!ReferenceEquals(seekable, content))
            {
                await seekable.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string Normalize(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }
}
