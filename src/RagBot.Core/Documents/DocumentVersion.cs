namespace RagBot.Core.Documents;

/// <summary>One version of a document: what every chunk made from it shares.</summary>
public sealed record DocumentVersion(string DocumentId, string Sha256, string Source, string ContentType, IReadOnlyList<string> Tags);
