using System.ComponentModel.DataAnnotations;

namespace RagBot.Api.Contracts;

/// <summary>A retrieval-only query for <c>POST /api/search</c>.</summary>
public sealed record SearchRequest
{
    /// <summary>The query text (1 to 8,000 characters).</summary>
    [Required(ErrorMessage = "Send the query in the 'query' field.")]
    [StringLength(RequestLimits.MaxQuestionLength, MinimumLength = 1)]
    public string? Query { get; init; }

    /// <summary>Tags (<c>key:value</c>) every returned chunk must carry.</summary>
    [MaxLength(RequestLimits.MaxFilterTags)]
    public IReadOnlyList<string>? Filters { get; init; }

    /// <summary>Most chunks to return (1 to 100).</summary>
    [Range(1, 100)]
    public int? TopK { get; init; }

    /// <summary>Least relevance (cosine similarity, -1 to 1); defaults to -1 here so every ranked chunk is shown.</summary>
    [Range(-1.0, 1.0)]
    public double? MinScore { get; init; }
}
