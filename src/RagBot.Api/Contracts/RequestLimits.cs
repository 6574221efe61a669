namespace RagBot.Api.Contracts;

/// <summary>
/// The size limits of request bodies, in one place. Constants rather than bound settings, because the validation
/// attributes of the contracts (read by .NET's built-in validation) need compile-time values.
/// </summary>
public static class RequestLimits
{
    /// <summary>Longest question or search query, in characters (chat, search and the OpenAI-compatible endpoint).</summary>
    public const int MaxQuestionLength = 8000;

    /// <summary>Most tags a request may filter by.</summary>
    public const int MaxFilterTags = 20;
}
