using RagBot.Core.Embeddings;
using RagBot.Core.Indexing;

namespace RagBot.Indexing;

/// <summary>The index's operator view over the generation store, the active collection and the background reindex.</summary>
public sealed class IndexAdministration(
    ChunkCollectionProvider collections, IIndexGenerationStore generations, CurrentIndexSpecification current, BackgroundReindex reindex, IEmbedderCatalog? embedders = null)
    : IIndexAdministration
{
    public async Task<IndexOverview> GetOverviewAsync(CancellationToken cancellationToken)
    {
        var active = await collections.GetActiveGenerationAsync(cancellationToken).ConfigureAwait(false);
        var index = await collections.GetActiveIndexAsync(cancellationToken).ConfigureAwait(false);
        var settings = await current.GetAsync(cancellationToken).ConfigureAwait(false);
        var building = await generations.GetBuildingAsync(cancellationToken).ConfigureAwait(false);
        var all = await generations.ListAsync(cancellationToken).ConfigureAwait(false);
        return new IndexOverview(active, building, all, settings, !settings.Matches(active), IndexServing.Of(index, embedders), reindex.Status);
    }

    public ReindexStatus StartReindex()
    {
        reindex.Start();
        return reindex.Status;
    }
}
