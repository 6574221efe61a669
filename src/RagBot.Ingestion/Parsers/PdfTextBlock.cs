namespace RagBot.Ingestion.Parsers;

/// <summary>One block of text found on a PDF page, with what is needed to tell a heading from body text.</summary>
internal sealed record PdfTextBlock(string Text, int Page, int LineCount, double FontSize);
