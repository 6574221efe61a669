namespace RagBot.Core.Chat;

/// <summary>A numbered source the answer cites as [Index].</summary>
public sealed record Citation
{
    public required int Index { get; init; }

    public required string DocumentId { get; init; }

    public required string Source { get; init; }

    public int? Page { get; init; }

    public string? HeadingPath { get; init; }

    public required string Snippet { get; init; }

    public required double Score { get; init; }
}
