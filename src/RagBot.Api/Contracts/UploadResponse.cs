namespace RagBot.Api.Contracts;

/// <summary>The outcome of an upload that waited for its job: <c>created</c>, <c>updated</c> or <c>unchanged</c>.</summary>
public sealed record UploadResponse(string DocumentId, string JobId, string Status, int ChunkCount);
