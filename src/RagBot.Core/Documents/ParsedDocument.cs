namespace RagBot.Core.Documents;

/// <summary>
/// The text a parser extracted from a document, as a list of sections in reading order.
/// The document's extracted text is the sections' texts joined by <see cref="SectionSeparator"/>;
/// chunk character offsets refer to that text.
/// </summary>
public sealed record ParsedDocument(IReadOnlyList<DocumentSection> Sections)
{
    public const string SectionSeparator = "\n\n";

    public string ExtractedText => string.Join(SectionSeparator, Sections.Select(s => s.Text));
}
