namespace RagBot.Core.Chat;

/// <summary>A numbered source the answer cites as [Index].</summary>
public sealed record Citation
{
    public required int Index { get; init; }

    public required string DocumentId { get; init; }

    public required string Source { get; init; }

    /// <summary>The page of the sentence the answer quotes, else the chunk's first page; null when the format has no pages.</summary>
    public int? Page { get; init; }

    /// <summary>The chunk's last page, when the chunk runs past <see cref="Page"/>.</summary>
    public int? PageEnd { get; init; }

    public string? HeadingPath { get; init; }

    /// <summary>The original document, opened at <see cref="Page"/> when there is one (<c>/api/documents/{id}/content#page=N</c>).</summary>
    public string? Url { get; init; }

    /// <summary>Text around the evidence, cut at word boundaries.</summary>
    public required string Snippet { get; init; }

    /// <summary>Where the quoted text lies inside <see cref="Snippet"/> (empty when the answer quotes nothing verbatim).</summary>
    public IReadOnlyList<SnippetHighlight> Highlights { get; init; } = [];

    public required double Score { get; init; }
}
