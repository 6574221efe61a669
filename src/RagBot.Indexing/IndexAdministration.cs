using RagBot.Core.Embeddings;
using RagBot.Core.Indexing;

namespace RagBot.Indexing;

/// <summary>The index's operator view over the generation store, the active collection and the background reindex.</summary>
public sealed class IndexAdministration : IIndexAdministration
{
    private readonly ChunkCollectionProvider _collections;
    private readonly IIndexGenerationStore _generations;
    private readonly CurrentIndexSpecification _current;
    private readonly BackgroundReindex _reindex;
    private readonly IEmbedderCatalog? _embedders;

    public IndexAdministration(
        ChunkCollectionProvider collections, IIndexGenerationStore generations, CurrentIndexSpecification current, BackgroundReindex reindex, IEmbedderCatalog? embedders = null)
    {
        _collections = collections;
        _generations = generations;
        _current = current;
        _reindex = reindex;
        _embedders = embedders;
    }

    public async Task<IndexOverview> GetOverviewAsync(CancellationToken cancellationToken)
    {
        var active = await _collections.GetActiveGenerationAsync(cancellationToken).ConfigureAwait(false);
        var index = await _collections.GetActiveIndexAsync(cancellationToken).ConfigureAwait(false);
        var settings = await _current.GetAsync(cancellationToken).ConfigureAwait(false);
        var building = await _generations.GetBuildingAsync(cancellationToken).ConfigureAwait(false);
        var generations = await _generations.ListAsync(cancellationToken).ConfigureAwait(false);
        return new IndexOverview(active, building, generations, settings, !settings.Matches(active), IndexServing.Of(index, _embedders), _reindex.Status);
    }

    public ReindexStatus StartReindex()
    {
        _reindex.Start();
        return _reindex.Status;
    }
}
