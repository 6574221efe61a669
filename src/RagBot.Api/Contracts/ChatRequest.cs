using System.ComponentModel.DataAnnotations;

namespace RagBot.Api.Contracts;

/// <summary>A question for <c>POST /api/chat</c>.</summary>
public sealed record ChatRequest
{
    /// <summary>The question (1 to 8,000 characters).</summary>
    [Required(ErrorMessage = "Send the question in the 'message' field.")]
    [StringLength(RequestLimits.MaxQuestionLength, MinimumLength = 1)]
    public string? Message { get; init; }

    /// <summary>
    /// Continue this conversation. A new session is started when omitted, and also when the id is not known
    /// yet (the session is then created under the id the client chose).
    /// </summary>
    [StringLength(128, MinimumLength = 1)]
    [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "sessionId may hold only letters, digits, '_' and '-'.")]
    public string? SessionId { get; init; }

    /// <summary>Tags (<c>key:value</c>) every cited source must carry.</summary>
    [MaxLength(RequestLimits.MaxFilterTags)]
    public IReadOnlyList<string>? Filters { get; init; }

    /// <summary>Most sources to consider (1 to 50).</summary>
    [Range(1, 50)]
    public int? TopK { get; init; }

    /// <summary>Least relevance (cosine similarity, -1 to 1) a source needs.</summary>
    [Range(-1.0, 1.0)]
    public double? MinScore { get; init; }

    /// <summary>Answer as server-sent events (same as sending <c>Accept: text/event-stream</c>).</summary>
    public bool? Stream { get; init; }
}
