using RagBot.Core.Chat;

namespace RagBot.Api.Contracts;

/// <summary>Data of the <c>citations</c> server-sent event: the numbered sources the answer may cite.</summary>
public sealed record ChatSourcesEvent(string? SessionId, IReadOnlyList<Citation> Citations);
