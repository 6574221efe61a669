namespace RagBot.Api.Infrastructure;

/// <summary>The parts of an upload form: the file, and the optional document id and tags.</summary>
internal sealed record UploadForm(string FileName, byte[] Content, string? DocumentId, IReadOnlyList<string> Tags);
