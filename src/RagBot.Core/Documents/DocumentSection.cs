namespace RagBot.Core.Documents;

/// <summary>What a section is, so the chunker can keep tables and list items whole.</summary>
public enum SectionKind
{
    Paragraph,
    Heading,
    ListItem,
    Table,
    Code,
}

/// <summary>One block of extracted text with the headings above it and its page (0 when the format has none).</summary>
public sealed record DocumentSection(string Text, IReadOnlyList<string> HeadingPath, int Page = 0, SectionKind Kind = SectionKind.Paragraph);
