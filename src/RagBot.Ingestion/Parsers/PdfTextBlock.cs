namespace RagBot.Ingestion.Parsers;

/// <summary>
/// One block of text found on a PDF page, with what is needed to tell a heading from body text and a running header
/// from content: its font, and its place on the page as fractions of the page size (0 = top/left edge).
/// </summary>
internal sealed record PdfTextBlock(string Text, int Page, int LineCount, double FontSize, bool IsBold)
{
    public double Top { get; init; }

    public double Bottom { get; init; }
}
