using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

public sealed partial class SqliteVectorStoreCollection<TKey, TRecord>
{
    /// <summary>
    /// Keyword-only search: BM25 over the full-text property (filtered), best first; retrieval fuses it with the
    /// vector search itself (one formula on every store). The score is the BM25 score (FTS5's bm25() negated: higher
    /// is better, 0 or more), comparable across the hits of one query only.
    /// </summary>
    public async IAsyncEnumerable<VectorSearchResult<TRecord>> KeywordSearchAsync(
        ICollection<string> keywords, int top, HybridSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip);
        var text = model.GetFullTextDataPropertyOrSingle(options.AdditionalProperty);
        var results = await RunAsync("KeywordSearch", async connection =>
        {
            var (bound, entry) = await ResolveAsync(connection, "KeywordSearch", cancellationToken).ConfigureAwait(false);
            var rows = await KeywordLegAsync(connection, bound, entry, text, keywords, top + options.Skip, options.Filter, cancellationToken).ConfigureAwait(false);
            var page = rows.Skip(options.Skip).Take(top).ToList();
            var filter = SqliteFilterTranslator.Translate(options.Filter, bound);
            var records = await FetchByRowIdsAsync(connection, bound, page.Select(hit => hit.RowId), filter, options.IncludeVectors, cancellationToken).ConfigureAwait(false);
            return page.Where(hit => records.ContainsKey(hit.RowId))
                .Select(hit => new VectorSearchResult<TRecord>(records[hit.RowId], hit.Score))
                .ToList();
        }, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            yield return result;
        }
    }

    /// <summary>
    /// The keyword leg, best first: each row with its BM25 score. From the in-memory postings when they reflect the
    /// collection's change counter, else from FTS5 (the same scores) while the postings refresh in the background.
    /// </summary>
    private async Task<List<(long RowId, double Score)>> KeywordLegAsync(
        SqliteConnection connection, CollectionSchema bound, CatalogEntry entry, DataPropertyModel text, IEnumerable<string> keywords, int depth,
        System.Linq.Expressions.Expression<Func<TRecord, bool>>? filterExpression, CancellationToken cancellationToken)
    {
        var words = KeywordQuery.Words(keywords);
        if (words.Count == 0)
        {
            return [];
        }

        var fts = bound.FtsTableOf(text);
        var index = context.Options.InMemoryKeywordIndex ? await FreshKeywordIndexAsync(bound, entry, fts, cancellationToken).ConfigureAwait(false) : null;
        var terms = index is null ? null : await context.QueryTokens.TokenizeAsync(connection, words, CollectionSql.Tokenizer, cancellationToken).ConfigureAwait(false);
        if (index is not null && terms is not null)
        {
            var filter = SqliteFilterTranslator.Translate(filterExpression, bound);
            if (ReferenceEquals(filter, SqlFilter.None))
            {
                return index.Search(terms, depth, null);
            }

            var postFilter = depth is >= 1 and <= MaxPostFilteredDepth;
            if (postFilter && context.PassingRows.Find(bound.Id, filter.CacheKey()) is null)
            {
                return await RankThenFilterAsync(index, terms, depth, async rowIds =>
                    (await PassingRowIdsAsync(connection, bound, rowIds, filter, cancellationToken).ConfigureAwait(false)).Contains).ConfigureAwait(false);
            }

            // The vector leg remembers the filter's rows (brought up to date here if written since): no SQL per query.
            var passing = await PassingRowsAsync(connection, bound, entry, filter, cancellationToken).ConfigureAwait(false);
            return postFilter && passing.RowIds.Length > index.RowCount / AllowListShare
                ? await RankThenFilterAsync(index, terms, depth, _ => Task.FromResult<Predicate<long>>(passing.Contains)).ConfigureAwait(false)
                : index.Search(terms, depth, passing.RowIds);
        }

        context.KeywordCounters.AnsweredByFts5();
        return await Fts5KeywordLegAsync(connection, bound, fts, words, depth, SqliteFilterTranslator.Translate(filterExpression, bound, "t."), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deeper than this, the filter is applied to every row up front (the caller wants nearly everything).</summary>
    private const int MaxPostFilteredDepth = 1 << 16;

    /// <summary>
    /// When at most this share (1/n) of the rows pass, ranking only them (a binary search each) costs less than ranking
    /// everything and dropping the rows that do not pass.
    /// </summary>
    private const int AllowListShare = 8;

    /// <summary>
    /// The best <paramref name="depth"/> rows that pass the filter: ranks without it, then asks which of the best
    /// candidates pass (SQLite, or the filter's remembered rows), ranking eight times deeper each round until enough
    /// pass or no matching row is left. Selecting the allowed rows first read every row of the collection per query (a
    /// tenant filter on 100k rows: ~290 ms against FTS5's 4 ms); this reads only rows that could rank. Same rows and
    /// order: the ranking is a total order (score, then row), so a deeper round extends the previous one.
    /// </summary>
    private static async Task<List<(long RowId, double Score)>> RankThenFilterAsync(
        KeywordIndex index, IReadOnlyList<string> terms, int depth, Func<IEnumerable<long>, Task<Predicate<long>>> passingOf)
    {
        var kept = new List<(long RowId, double Score)>(depth);
        var candidates = Math.Max(depth * 4, 256);
        var checkedCount = 0;
        while (true)
        {
            var ranked = index.Search(terms, candidates, null);
            var fresh = ranked.Skip(checkedCount).ToList();
            var passes = await passingOf(fresh.Select(hit => hit.RowId)).ConfigureAwait(false);
            foreach (var hit in fresh.Where(hit => passes(hit.RowId)))
            {
                kept.Add(hit);
                if (kept.Count == depth)
                {
                    return kept;
                }
            }

            if (ranked.Count < candidates || candidates >= int.MaxValue / 8)
            {
                return kept;
            }

            checkedCount = ranked.Count;
            candidates *= 8;
        }
    }

    private static async Task<HashSet<long>> PassingRowIdsAsync(
        SqliteConnection connection, CollectionSchema bound, IEnumerable<long> rowIds, SqlFilter filter, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rid FROM {bound.Table} WHERE rid IN (SELECT value FROM json_each(@ids)) AND {filter.Sql}";
        command.Parameters.AddWithValue("@ids", KeyJson.Serialize(rowIds.Select(id => (object)id)));
        filter.AddTo(command);
        var passing = new HashSet<long>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            passing.Add(reader.GetInt64(0));
        }

        return passing;
    }

    /// <summary>
    /// The postings of <paramref name="fts"/> at the query's change counter or later, or null (ask FTS5). The first
    /// keyword query of a collection waits for them to load, as its first vector search waits for the vectors.
    /// </summary>
    private async Task<KeywordIndex?> FreshKeywordIndexAsync(CollectionSchema bound, CatalogEntry entry, string fts, CancellationToken cancellationToken)
    {
        var keywordIndexes = context.StateOf(bound.Id).Keywords;
        var index = keywordIndexes.Fresh(fts, entry.Changes);
        if (index is not null || keywordIndexes.IsAdvancingTo(fts, entry.Changes))
        {
            return index;
        }

        keywordIndexes.RequestRefresh(fts, async ct =>
        {
            using var own = await Database.OpenAsync(ct).ConfigureAwait(false);
            return await KeywordIndexLoader.LoadAsync(own, bound.Id, Name, fts, ct).ConfigureAwait(false);
        });
        if (!keywordIndexes.HasAny(fts))
        {
            await keywordIndexes.WhenRefreshedAsync(fts).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return keywordIndexes.Fresh(fts, entry.Changes);
    }

    /// <summary>The keyword leg through FTS5's MATCH and bm25() (FTS5's score negated, so higher is better).</summary>
    private static async Task<List<(long RowId, double Score)>> Fts5KeywordLegAsync(
        SqliteConnection connection, CollectionSchema bound, string fts, IReadOnlyList<string> words, int depth, SqlFilter filter,
        CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();

        // Unfiltered, FTS5 ranks alone: ORDER BY rank (bm25() by default) with the LIMIT inside the virtual table, and
        // no join that would read every matching row of the main table (text and vector pages) just to keep it. The
        // triggers keep the FTS index and the table in step, and the record fetch drops any row that is gone.
        command.CommandText = ReferenceEquals(filter, SqlFilter.None)
            ? $"SELECT rowid, rank FROM {fts} WHERE {fts} MATCH @match ORDER BY rank LIMIT @depth"
            : $"SELECT {fts}.rowid, bm25({fts}) FROM {fts} JOIN {bound.Table} t ON t.rid = {fts}.rowid " +
              $"WHERE {fts} MATCH @match AND {filter.Sql} ORDER BY bm25({fts}) LIMIT @depth";
        command.Parameters.AddWithValue("@match", KeywordQuery.Build(words));
        command.Parameters.AddWithValue("@depth", depth);
        filter.AddTo(command);
        var rows = new List<(long RowId, double Score)>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((reader.GetInt64(0), -reader.GetDouble(1)));
        }

        return rows;
    }
}
