using RagBot.Core.Chat;

namespace RagBot.Chat;

/// <summary>The numbered sources the answer may cite (empty when nothing relevant was found).</summary>
public sealed record SourcesEvent(IReadOnlyList<Citation> Sources, string? SessionId) : ChatStreamEvent;
