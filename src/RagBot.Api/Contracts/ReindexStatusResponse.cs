using RagBot.Indexing;

namespace RagBot.Api.Contracts;

/// <summary>The reindex this API process runs or ran (<c>GET /api/admin/index</c>'s <c>reindex</c>, <c>POST /api/admin/reindex</c>'s body).</summary>
public sealed record ReindexStatusResponse(
    bool Running,
    int Done,
    int Total,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    ReindexReportResponse? LastReport)
{
    public static ReindexStatusResponse From(ReindexStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new(status.Running, status.Done, status.Total, status.StartedAt, status.FinishedAt, status.Error, status.LastReport is { } report ? ReindexReportResponse.From(report) : null);
    }
}
