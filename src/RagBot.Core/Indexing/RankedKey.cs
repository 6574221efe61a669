namespace RagBot.Core.Indexing;

/// <summary>A ranked hit named by its record key only (<see cref="IDeferredRecordSearch{TKey, TRecord}"/>): higher scores are better.</summary>
/// <typeparam name="TKey">The key type of the collection.</typeparam>
public readonly record struct RankedKey<TKey>(TKey Key, double Score)
    where TKey : notnull;
