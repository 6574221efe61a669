using RagBot.Core.Indexing;

namespace RagBot.VectorData.Qdrant;

/// <summary>
/// The index alias on Qdrant: a collection alias, which Qdrant moves atomically. RagBot names it
/// <c>{CollectionName}-active</c>; it cannot be <c>CollectionName</c> itself, because the first generation's
/// collection already has that name and Qdrant refuses an alias named like a collection.
/// </summary>
public sealed class QdrantIndexAlias : IIndexAlias
{
    private readonly QdrantVectorStore _store;

    public QdrantIndexAlias(QdrantVectorStore store, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _store = store;
        Name = name;
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
