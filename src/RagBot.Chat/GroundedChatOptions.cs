using System.ComponentModel.DataAnnotations;

namespace RagBot.Chat;

/// <summary>How answers are grounded and phrased.</summary>
public sealed class GroundedChatOptions
{
    public const string SectionName = "RagBot:Chat";

    /// <summary>The reply when the documents do not answer the question.</summary>
    [Required]
    [MinLength(1)]
    public string NotFoundMessage { get; set; } = "I could not find this in the documents.";

    /// <summary>Folder of the prompt templates (relative paths resolve against the application folder).</summary>
    [Required]
    public string PromptsDirectory { get; set; } = "prompts";

    /// <summary>Most tokens of source text put in one prompt; lower-ranked chunks beyond it are left out.</summary>
    [Range(256, 1_000_000)]
    public int MaxContextTokens { get; set; } = 3000;

    /// <summary>Longest snippet returned with a citation, in characters.</summary>
    [Range(40, 10_000)]
    public int SnippetChars { get; set; } = 300;

    /// <summary>Earlier turns of a session used to understand a follow-up question.</summary>
    [Range(0, 50)]
    public int HistoryTurns { get; set; } = 4;
}
