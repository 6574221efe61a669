namespace RagBot.Core.Indexing;

/// <summary>
/// A stable name in the vector store that points at the active generation's collection (a Qdrant collection
/// alias). Readers and uploads go through it, and a reindex moves it onto the new collection in one atomic
/// call. Stores without aliases (the embedded one) register none and rely on the app-state pointer alone.
/// </summary>
public interface IIndexAlias
{
    /// <summary>The alias name readers use.</summary>
    string Name { get; }

    /// <summary>Creates the alias on <paramref name="collectionName"/> when it does not exist yet; never moves an existing one.</summary>
    Task EnsureExistsAsync(string collectionName, CancellationToken cancellationToken);

    /// <summary>Points the alias at <paramref name="collectionName"/> in one atomic call (creating it when missing).</summary>
    Task SwitchAsync(string collectionName, CancellationToken cancellationToken);
}
