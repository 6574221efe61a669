using System.Linq.Expressions;

namespace RagBot.Core.Indexing;

/// <summary>
/// Search in two steps: rank first (each leg gives only keys and scores), read records later, and only those the
/// caller keeps. Retrieval fuses the legs, then reads records in rank order, a few at a time, until it has the chunks
/// it returns; most candidates are never read. A store whose legs rank without touching its records (the embedded
/// store keeps vectors, keys and keyword postings in memory) saves most of a query's time this way; stores without
/// this capability keep returning records with their hits. Declared beside
/// <see cref="Microsoft.Extensions.VectorData.VectorStoreCollection{TKey, TRecord}"/>, like
/// <see cref="IKeywordSearchable{TRecord}"/> and <see cref="IVectorSimilarityLookup{TKey}"/>.
/// </summary>
/// <typeparam name="TKey">The key type of the collection.</typeparam>
/// <typeparam name="TRecord">The record type of the collection.</typeparam>
public interface IDeferredRecordSearch<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    /// <summary>
    /// The vector leg without its records: the keys of the <paramref name="top"/> records most similar to
    /// <paramref name="vector"/> that pass <paramref name="filter"/>, best first, with the scores the collection's
    /// vector search gives them.
    /// </summary>
    Task<IReadOnlyList<RankedKey<TKey>>> SearchKeysAsync(
        ReadOnlyMemory<float> vector, int top, Expression<Func<TRecord, bool>>? filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// The keyword leg without its records: the keys of the <paramref name="top"/> best BM25 matches of
    /// <paramref name="keywords"/> that pass <paramref name="filter"/>, best first, with the scores
    /// <see cref="IKeywordSearchable{TRecord}.KeywordSearchAsync"/> gives them.
    /// </summary>
    Task<IReadOnlyList<RankedKey<TKey>>> KeywordSearchKeysAsync(
        ICollection<string> keywords, int top, Expression<Func<TRecord, bool>>? filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// The records of <paramref name="keys"/> that still pass <paramref name="filter"/>, checked in the same statement
    /// that reads them (a record re-tagged to another tenant since it was ranked is not returned). Records deleted
    /// since are left out; the order is unspecified.
    /// </summary>
    Task<IReadOnlyList<TRecord>> GetPassingAsync(
        IReadOnlyCollection<TKey> keys, Expression<Func<TRecord, bool>>? filter, bool includeVectors, CancellationToken cancellationToken = default);
}
