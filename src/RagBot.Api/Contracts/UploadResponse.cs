namespace RagBot.Api.Contracts;

/// <summary>The outcome of an upload: <c>created</c>, <c>updated</c> or <c>unchanged</c>.</summary>
public sealed record UploadResponse(string DocumentId, string Status, int ChunkCount);
