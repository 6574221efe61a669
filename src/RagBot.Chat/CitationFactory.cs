using System.Globalization;
using RagBot.Core.Chat;
using RagBot.Core.Chunks;
using RagBot.Core.Text;

namespace RagBot.Chat;

/// <summary>
/// Turns a retrieved chunk into the citation a reader can check: the page of the quoted sentence (else the chunk's
/// first page), the last page when the chunk runs further, a link to the original at that page, and a snippet
/// around the quoted text with its highlights.
/// </summary>
public static class CitationFactory
{
    /// <summary>Builds citation [<paramref name="index"/>]; <paramref name="answer"/> is null before the answer exists (sources event).</summary>
    public static Citation Create(int index, RetrievedChunk source, string? answer, int snippetChars)
    {
        ArgumentNullException.ThrowIfNull(source);
        var chunk = source.Chunk;
        // The answer quotes the neutralised text the prompt carried (no planted markers or links), so evidence and
        // snippet are found in it too. Neutralising keeps [n] -> (n) the same length and only drops link markup,
        // which page-bearing formats (PDF, PPTX) rarely hold, so offsets still map to the chunk's pages.
        var text = SourceText.Neutralize(chunk.Text);
        var evidence = QuotedEvidence.Find(text, answer, index);
        var page = evidence.Count > 0 ? ChunkPageMap.PageAt(chunk, evidence[0].Start) : chunk.PageStart;
        var (snippet, highlights) = SnippetBuilder.Build(text, evidence, snippetChars);
        return new Citation
        {
            Index = index,
            DocumentId = chunk.DocumentId,
            Source = chunk.Source,
            Page = page > 0 ? page : null,
            PageEnd = chunk.PageEnd > Math.Max(page, chunk.PageStart) ? chunk.PageEnd : null,
            HeadingPath = chunk.HeadingPath.Length > 0 ? chunk.HeadingPath : null,
            Url = ContentUrl(chunk.DocumentId, page),
            Snippet = snippet,
            Highlights = highlights,
            Score = Math.Round(source.VectorSimilarity ?? source.Score, 4),
        };
    }

    /// <summary>The original's download route, with a PDF viewer's page fragment when the page is known.</summary>
    public static string ContentUrl(string documentId, int page) =>
        $"/api/documents/{Uri.EscapeDataString(documentId)}/content" + (page > 0 ? "#page=" + page.ToString(CultureInfo.InvariantCulture) : "");
}
