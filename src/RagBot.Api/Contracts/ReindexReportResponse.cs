using RagBot.Indexing;

namespace RagBot.Api.Contracts;

/// <summary>What the last finished reindex did: the generation it activated, the one it retired, and its document counts.</summary>
public sealed record ReindexReportResponse(
    IndexGenerationResponse Activated,
    IndexGenerationResponse? Retired,
    bool Resumed,
    int Documents,
    int Indexed,
    int Skipped,
    int CaughtUp,
    long Chunks)
{
    public static ReindexReportResponse From(ReindexReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var retired = report.Retired is null ? null : IndexGenerationResponse.From(report.Retired);
        return new(IndexGenerationResponse.From(report.Activated), retired, report.Resumed, report.Documents, report.Indexed, report.Skipped, report.CaughtUp, report.Chunks);
    }
}
