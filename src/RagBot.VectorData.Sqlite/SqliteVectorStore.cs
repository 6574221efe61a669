using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

/// <summary>
/// The embedded vector store: one SQLite file (WAL) holding every collection, with FTS5 keyword indexes and an
/// in-memory SIMD scan for vectors. Collections obtained from the same store share their in-memory indexes.
/// </summary>
public sealed class SqliteVectorStore : VectorStore
{
    private readonly StoreContext context;

    public SqliteVectorStore(string databasePath)
        : this(new SqliteVectorStoreOptions { DatabasePath = databasePath })
    {
    }

    public SqliteVectorStore(SqliteVectorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, nameof(options));
        }

        context = new StoreContext(options);
    }

    /// <summary>The SQLite file the store uses.</summary>
    public string DataSource => context.Database.DataSource;

    /// <summary>Bytes of the in-memory vectors and keyword postings held for this store's collections.</summary>
    internal long IndexMemoryBytes => context.IndexMemoryBytes;

    /// <summary>How the keyword copies were kept current and queries answered (tests of the delta path).</summary>
    internal KeywordIndexCounters KeywordCounters => context.KeywordCounters;

    /// <summary>The remembered rows of recent filters (tests check its bounds).</summary>
    internal PassingRowCache PassingRows => context.PassingRows;

    public override SqliteVectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
        {
            throw new NotSupportedException(VectorDataStrings.GetCollectionWithDictionaryNotSupported);
        }

        var model = new SqliteModelBuilder().Build(typeof(TRecord), typeof(TKey), definition, null);
        return new SqliteVectorStoreCollection<TKey, TRecord>(context, name, model);
    }

    public override SqliteVectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var model = new SqliteModelBuilder().BuildDynamic(definition, null);
        return new SqliteVectorStoreCollection<object, Dictionary<string, object?>>(context, name, model);
    }

    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = await RunAsync("ListCollectionNames", connection => CollectionCatalog.ListAsync(connection, cancellationToken), cancellationToken).ConfigureAwait(false);
        foreach (var name in names)
        {
            yield return name;
        }
    }

    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return RunAsync("CollectionExists", async connection =>
            await CollectionCatalog.FindAsync(connection, name, cancellationToken).ConfigureAwait(false) is not null, cancellationToken);
    }

    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return RunAsync("EnsureCollectionDeleted", async connection =>
        {
            using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var entry = await CollectionCatalog.FindAsync(connection, name, cancellationToken, transaction).ConfigureAwait(false);
            await CollectionCatalog.DeleteAsync(connection, transaction, name, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (entry is not null)
            {
                context.Forget(entry.Id);
            }

            return true;
        }, cancellationToken);
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata
            {
                VectorStoreSystemName = StoreDatabase.SystemName,
                VectorStoreName = context.Database.DataSource,
            }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            using (var connection = new SqliteConnection(context.Database.ConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }

            context.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<T> RunAsync<T>(string operation, Func<SqliteConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = await context.Database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await action(connection).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw context.Database.Translate(ex, null, operation);
        }
    }
}
