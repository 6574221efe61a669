using RagBot.Core.Documents;
using RagBot.Core.Errors;

namespace RagBot.Ingestion.Parsers;

/// <summary>Turns whatever a format library throws on damaged input into one clean rejection.</summary>
internal static class ParserFailure
{
    private const int MaxDetailLength = 300;

    /// <summary>Runs <paramref name="parse"/>; <paramref name="formatDescription"/> says what the file should have been, e.g. "a PDF document".</summary>
    public static ParsedDocument Run(string formatDescription, Func<ParsedDocument> parse, CancellationToken cancellationToken)
    {
        try
        {
            return parse();
        }
        catch (IngestionRejectedException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Format libraries throw many unrelated types on damaged input (including NullReference and
            // IndexOutOfRange from deep inside them); every one of them means "this file is unreadable".
            throw Unreadable($"The file could not be read as {formatDescription}; it is damaged or uses an unsupported structure ({Describe(ex)}).", ex);
        }
    }

    public static IngestionRejectedException Unreadable(string message, Exception? inner = null) =>
        new(RejectionReason.Unreadable, message, inner);

    private static string Describe(Exception ex)
    {
        var firstLine = ex.Message.Split('\n', 2)[0].Trim();
        if (firstLine.Length > MaxDetailLength)
        {
            firstLine = firstLine[..MaxDetailLength] + "...";
        }

        return firstLine.Length == 0 ? ex.GetType().Name : firstLine;
    }
}
