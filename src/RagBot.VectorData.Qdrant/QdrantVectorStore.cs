using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Qdrant.Internals;
using RagBot.VectorData.Qdrant.Internals.Http;

namespace RagBot.VectorData.Qdrant;

/// <summary>
/// Qdrant over its REST API as an MEVD <see cref="VectorStore"/>, plus collection aliases for zero-downtime reindexing:
/// build a new collection, then <see cref="SwitchAliasAsync"/> the alias readers use onto it in one atomic call.
/// Every collection and alias name gets <see cref="QdrantOptions.CollectionPrefix"/> prepended on the wire.
/// </summary>
public sealed class QdrantVectorStore : VectorStore
{
    private readonly QdrantCollectionSettings _settings;
    private readonly string _prefix;
    private readonly VectorStoreMetadata _metadata;

    /// <param name="httpClient">Used as is (its handlers provide retries); its BaseAddress defaults to <see cref="QdrantOptions.Url"/>.</param>
    /// <param name="options">Connection and BM25 settings.</param>
    /// <param name="logger">Logs collection creation, alias changes and failed calls (request timings at Debug).</param>
    public QdrantVectorStore(HttpClient httpClient, QdrantOptions options, ILogger<QdrantVectorStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var client = new QdrantRestClient(httpClient, options.Url, options.ApiKey, (ILogger?)logger ?? NullLogger.Instance);
        _settings = new QdrantCollectionSettings(client, new Bm25SparseEncoder(options.Bm25), options.UpsertBatchSize);
        _prefix = options.CollectionPrefix;
        _metadata = new VectorStoreMetadata
        {
            VectorStoreSystemName = QdrantRestClient.SystemName,
            VectorStoreName = client.BaseAddress?.ToString(),
        };
    }

    private QdrantRestClient Client => _settings.Client;

    public override QdrantVectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null) =>
        new(_settings, name, StorageName(name), definition, isDynamic: false);

    public override QdrantVectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition) =>
        new(_settings, name, StorageName(name), definition, isDynamic: true);

    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var result = await Client.SendAsync<CollectionsResult>(HttpMethod.Get, "collections", null, new("ListCollectionNames", null), cancellationToken).ConfigureAwait(false);
        foreach (var collection in result.Collections)
        {
            if (collection.Name.StartsWith(_prefix, StringComparison.Ordinal))
            {
                yield return collection.Name[_prefix.Length..];
            }
        }
    }

    public override async Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        var existence = await Client.SendAsync<CollectionExistence>(
            HttpMethod.Get, QdrantRestClient.CollectionPath(StorageName(name), "/exists"), null, new("CollectionExists", StorageName(name)), cancellationToken).ConfigureAwait(false);
        return existence.Exists;
    }

    public override async Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) =>
        await Client.SendOrDefaultOn404Async<bool>(
            HttpMethod.Delete, QdrantRestClient.CollectionPath(StorageName(name)), null, new("EnsureCollectionDeleted", StorageName(name)), cancellationToken).ConfigureAwait(false);

    /// <summary>Creates <paramref name="alias"/> for <paramref name="collection"/>; fails if the alias already exists.</summary>
    public Task CreateAliasAsync(string alias, string collection, CancellationToken cancellationToken = default) =>
        ChangeAliasesAsync([new AliasAction(CreateAlias: new CreateAliasAction(StorageName(collection), StorageName(alias)))], alias, cancellationToken);

    /// <summary>Points <paramref name="alias"/> at <paramref name="collection"/> atomically (delete + create in one request); readers never see a gap.</summary>
    public Task SwitchAliasAsync(string alias, string collection, CancellationToken cancellationToken = default) =>
        ChangeAliasesAsync(
            [
                new AliasAction(DeleteAlias: new DeleteAliasAction(StorageName(alias))),
                new AliasAction(CreateAlias: new CreateAliasAction(StorageName(collection), StorageName(alias))),
            ],
            alias,
            cancellationToken);

    /// <summary>Removes <paramref name="alias"/> if it exists; the collection stays.</summary>
    public Task DeleteAliasAsync(string alias, CancellationToken cancellationToken = default) =>
        ChangeAliasesAsync([new AliasAction(DeleteAlias: new DeleteAliasAction(StorageName(alias)))], alias, cancellationToken);

    /// <summary>Aliases under the configured prefix, with the prefix removed from both names.</summary>
    public async Task<IReadOnlyList<QdrantCollectionAlias>> ListAliasesAsync(CancellationToken cancellationToken = default)
    {
        var result = await Client.SendAsync<AliasesResult>(HttpMethod.Get, "aliases", null, new("ListAliases", null), cancellationToken).ConfigureAwait(false);
        return
        [
            .. result.Aliases
                .Where(alias => alias.AliasName.StartsWith(_prefix, StringComparison.Ordinal))
                .Select(alias => new QdrantCollectionAlias(alias.AliasName[_prefix.Length..], StripPrefix(alias.CollectionName))),
        ];
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private async Task ChangeAliasesAsync(IReadOnlyList<AliasAction> actions, string alias, CancellationToken cancellationToken)
    {
        await Client.SendAsync<bool>(HttpMethod.Post, "collections/aliases", new ChangeAliasesRequest(actions), new("ChangeAliases", StorageName(alias)), cancellationToken).ConfigureAwait(false);
        Log.AliasesChanged(Client.Logger, StorageName(alias), string.Join(", ", actions.Select(action =>
            action.CreateAlias is { } create ? $"create -> {create.CollectionName}" : "delete")));
    }

    private string StorageName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _prefix + name;
    }

    private string StripPrefix(string name) =>
        name.StartsWith(_prefix, StringComparison.Ordinal) ? name[_prefix.Length..] : name;
}
