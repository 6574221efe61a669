namespace RagBot.Core.Documents;

/// <summary>
/// The text a parser extracted from a document, as a list of sections in reading order.
/// The document's extracted text is the sections' texts joined by <see cref="SectionSeparator"/>;
/// chunk character offsets refer to that text.
/// </summary>
public sealed record ParsedDocument(IReadOnlyList<DocumentSection> Sections)
{
    public const string SectionSeparator = "\n\n";

    /// <summary>What a reader of the job result should know about text that could not be extracted (e.g. scanned pages).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string ExtractedText => string.Join(SectionSeparator, Sections.Select(s => s.Text));
}
