using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>What every collection of one store shares: the database, the options and the in-memory indexes.</summary>
internal sealed class StoreContext : IDisposable
{
    private readonly ConcurrentDictionary<long, CollectionIndexState> states = new();
    private readonly ConcurrentDictionary<long, byte> seen = new();

    public StoreContext(SqliteVectorStoreOptions options)
    {
        Options = options;
        var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? $"Data Source={options.DatabasePath}"
            : options.ConnectionString;
        Database = new StoreDatabase(connectionString, options.CacheSizeKb, options.DurableCommits);
        Tuning = new SearchTuning(options.MaxSearchParallelism, options.MinimumVectorsPerPartition, options.RescoreFactor, 64);
        PassingRows = new PassingRowCache(options.FilterCacheMegabytes * 1024L * 1024L);
    }

    public SqliteVectorStoreOptions Options { get; }

    public StoreDatabase Database { get; }

    public SearchTuning Tuning { get; }

    /// <summary>Query words to FTS5 tokens for the in-memory keyword indexes, cached across collections (one tokenizer).</summary>
    public QueryTokenizer QueryTokens { get; } = new();

    /// <summary>Written rows to FTS5 tokens, for applying this process's writes to the keyword copies.</summary>
    public KeywordRowTokenizer RowTokens { get; } = new();

    public KeywordIndexCounters KeywordCounters { get; } = new();

    /// <summary>The rows recent filters let through, per collection (the filtered searches' candidates).</summary>
    public PassingRowCache PassingRows { get; }

    public bool Quantize => Options.Quantization == SqliteVectorQuantization.Int8;

    public CollectionIndexState StateOf(long collectionId) => states.GetOrAdd(collectionId, static (_, counters) => new CollectionIndexState(counters), KeywordCounters);

    /// <summary>Bytes of the in-memory vectors and keyword postings this process holds, over all collections.</summary>
    public long IndexMemoryBytes => states.Values.Sum(state => state.MemoryBytes);

    /// <summary>
    /// The first time this process meets a collection id (a new index generation, typically), drops the indexes of
    /// collections another process deleted meanwhile: a reindex run by the CLI retires the generation the API was
    /// serving, and nothing else would give that generation's vectors and postings back before a restart.
    /// </summary>
    public async Task ForgetDroppedOnFirstSightAsync(long collectionId, SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        if (!seen.TryAdd(collectionId, 0) || states.IsEmpty)
        {
            return;
        }

        var live = await CollectionCatalog.ListIdsAsync(connection, cancellationToken, transaction).ConfigureAwait(false);
        foreach (var id in states.Keys.Where(id => !live.Contains(id)))
        {
            Forget(id);
        }
    }

    /// <summary>
    /// Drops the indexes of a deleted collection (not disposed: a racing search may still hold them). When they held
    /// many vectors (a retired index generation), their memory is given back to the system at once rather than kept
    /// committed by the GC until it next needs room.
    /// </summary>
    public void Forget(long collectionId)
    {
        PassingRows.Forget(collectionId);
        if (states.TryRemove(collectionId, out var state))
        {
            RetiredIndexMemory.Release(state);
        }
    }

    public void Dispose()
    {
        RowTokens.Dispose();
        foreach (var state in states.Values)
        {
            state.Dispose();
        }

        states.Clear();
        Database.Dispose();
    }
}
