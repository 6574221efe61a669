namespace RagBot.Core.Jobs;

/// <summary>A request, recorded by another process, to stop a running job for good: it ends failed with this code and message.</summary>
public sealed record JobStopRequest(string JobId, string ErrorCode, string Error);
