using RagBot.Core.Indexing;
using RagBot.Indexing;

namespace RagBot.Api.Contracts;

/// <summary>
/// <c>GET /api/admin/index</c>: the active generation (with the embedder and chunking that built it), a
/// generation being built if any, whether the current settings differ (a reindex is needed), and the state of
/// the reindex this API process runs. <c>Serving</c> says how chat searches meanwhile: <c>configured-embedder</c>,
/// <c>previous-embedder</c> (the old generation, questions embedded by the embedder that built it) or
/// <c>keyword-only</c> (that embedder cannot run here).
/// </summary>
public sealed record IndexStatusResponse(
    IndexGenerationResponse Active,
    IndexGenerationResponse? Building,
    IndexSpecification CurrentSettings,
    bool ReindexNeeded,
    IReadOnlyList<IndexGenerationResponse> Generations,
    ReindexStatusResponse Reindex,
    string Serving)
{
    public static IndexStatusResponse From(IndexOverview overview)
    {
        ArgumentNullException.ThrowIfNull(overview);
        return new(
            IndexGenerationResponse.From(overview.Active),
            overview.Building is null ? null : IndexGenerationResponse.From(overview.Building),
            overview.CurrentSettings,
            overview.ReindexNeeded,
            overview.Generations.Select(IndexGenerationResponse.From).ToList(),
            ReindexStatusResponse.From(overview.Reindex),
            overview.Serving);
    }
}
