namespace RagBot.Api.Contracts;

/// <summary>An upload queued for indexing; poll <c>GET /api/jobs/{jobId}</c> for its progress.</summary>
public sealed record UploadAccepted(string DocumentId, string JobId);
