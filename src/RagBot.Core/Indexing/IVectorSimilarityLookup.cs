namespace RagBot.Core.Indexing;

/// <summary>
/// Scores stored vectors against a query inside the store, without sending the vectors back: hybrid retrieval
/// needs the cosine of every keyword hit (score fusion and the relevance gate), and a store that keeps its vectors
/// in memory answers that far cheaper than reading and decoding each record's vector. A capability a collection
/// declares beside <see cref="Microsoft.Extensions.VectorData.VectorStoreCollection{TKey, TRecord}"/>; stores without it
/// return their vectors with the records instead.
/// </summary>
/// <typeparam name="TKey">The key type of the collection.</typeparam>
public interface IVectorSimilarityLookup<TKey>
    where TKey : notnull
{
    /// <summary>
    /// The similarity of each stored record's vector to <paramref name="query"/>, scored as the collection's vector
    /// search scores it; null when the store cannot score exactly (for example a quantized index), so the caller
    /// reads the vectors instead. Keys with no record are left out.
    /// </summary>
    Task<IReadOnlyDictionary<TKey, double>?> GetSimilaritiesAsync(IReadOnlyCollection<TKey> keys, ReadOnlyMemory<float> query, CancellationToken cancellationToken = default);
}
