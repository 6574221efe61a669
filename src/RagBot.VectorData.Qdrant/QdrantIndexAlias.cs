using Microsoft.Extensions.Options;
using RagBot.VectorData.Qdrant;

namespace RagBot.Hosting.Indexing;

/// <summary>
/// The Qdrant alias <c>{CollectionName}-active</c>. It cannot be <c>CollectionName</c> itself, because the first
/// generation's collection already has that name and Qdrant refuses an alias named like a collection.
/// </summary>
internal sealed class QdrantIndexAlias : IIndexAlias
{
    private readonly QdrantVectorStore _store;

    public QdrantIndexAlias(QdrantVectorStore store, IOptions<VectorStoreSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _store = store;
        Name = settings.Value.CollectionName + "-active";
    }

    public string Name { get; }

    public async Task EnsureExistsAsync(string collectionName, CancellationToken cancellationToken)
    {
        if (await CurrentTargetAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            await _store.CreateAliasAsync(Name, collectionName, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SwitchAsync(string collectionName, CancellationToken cancellationToken)
    {
        var target = await CurrentTargetAsync(cancellationToken).ConfigureAwait(false);
        if (target == collectionName)
        {
            return;
        }

        // Qdrant rejects deleting an alias that does not exist, so a missing alias is created rather than switched.
        var change = target is null
            ? _store.CreateAliasAsync(Name, collectionName, cancellationToken)
            : _store.SwitchAliasAsync(Name, collectionName, cancellationToken);
        await change.ConfigureAwait(false);
    }

    private async Task<string?> CurrentTargetAsync(CancellationToken cancellationToken)
    {
        var aliases = await _store.ListAliasesAsync(cancellationToken).ConfigureAwait(false);
        return aliases.FirstOrDefault(alias => alias.AliasName == Name)?.CollectionName;
    }
}
