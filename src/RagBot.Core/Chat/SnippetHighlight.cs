namespace RagBot.Core.Chat;

/// <summary>Where quoted text lies inside a citation's snippet: a character offset and a length.</summary>
public sealed record SnippetHighlight(int Start, int Length);
