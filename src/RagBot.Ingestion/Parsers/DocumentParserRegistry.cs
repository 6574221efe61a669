using System.Diagnostics.CodeAnalysis;
using RagBot.Core.Documents;
using RagBot.Core.Errors;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Picks the parser for a content type. When several registered parsers claim the same type, the one registered
/// last wins, so a host can replace a built-in parser by registering its own after <c>AddRagBotParsers()</c>.
/// </summary>
public sealed class DocumentParserRegistry
{
    private readonly Dictionary<string, IDocumentParser> _parsers = new(StringComparer.OrdinalIgnoreCase);

    public DocumentParserRegistry(IEnumerable<IDocumentParser> parsers)
    {
        ArgumentNullException.ThrowIfNull(parsers);
        foreach (var parser in parsers)
        {
            foreach (var contentType in parser.ContentTypes)
            {
                _parsers[Normalize(contentType)] = parser;
            }
        }
    }

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

    private static string Normalize(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }
}
