namespace RagBot.Core.Documents;

/// <summary>Extracts text sections from one kind of document.</summary>
public interface IDocumentParser
{
    /// <summary>The content types this parser reads, such as <c>text/markdown</c>.</summary>
    IReadOnlyCollection<string> ContentTypes { get; }

    /// <summary>Parses the whole stream. Throws <see cref="Errors.IngestionRejectedException"/> for unreadable input.</summary>
    Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken);
}
