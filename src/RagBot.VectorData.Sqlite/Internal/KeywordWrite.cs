using Microsoft.Data.Sqlite;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// One write's effect on the keyword copies that can take it as a delta (those at the counter the write started from):
/// per full-text column, the text of the rows the write removes or replaces, as they were, and of the rows it leaves,
/// as stored, read inside the write's transaction. Tokenized before the commit (so the swap after it is only a reference
/// change) and applied after it: a copy never claims a counter before its write is committed.
/// </summary>
internal sealed class KeywordWrite
{
    private readonly List<Column> columns;

    private KeywordWrite(List<Column> columns) => this.columns = columns;

    /// <summary>The columns whose copy is exactly at <paramref name="changesBefore"/>; null when there is none (no work at all).</summary>
    public static KeywordWrite? For(KeywordIndexes indexes, IEnumerable<(string Fts, string Column)> fullText, long changesBefore)
    {
        var columns = fullText
            .Select(text => (text, Expected: indexes.Current(text.Fts)))
            .Where(pair => pair.Expected is not null && pair.Expected.Changes == changesBefore)
            .Select(pair => new Column(pair.text.Fts, pair.text.Column, pair.Expected!))
            .ToList();
        return columns.Count == 0 ? null : new KeywordWrite(columns);
    }

    /// <summary>The full-text columns to read (each once), as a select list.</summary>
    public string SelectList => string.Join(", ", columns.Select(column => column.Name));

    /// <summary>
    /// Records the texts of the rows a reader returns: the row id first, then <see cref="SelectList"/>'s columns, from
    /// <paramref name="firstColumn"/> on. <paramref name="before"/>: the rows as they were (removed), else as written.
    /// </summary>
    public void Add(SqliteDataReader reader, int firstColumn, bool before)
    {
        var rowId = reader.GetInt64(0);
        for (var i = 0; i < columns.Count; i++)
        {
            (before ? columns[i].Removed : columns[i].Added).Add((rowId, reader.GetValue(firstColumn + i)));
        }
    }

    /// <summary>
    /// Tokenizes the rows and derives each column's next copy (claiming <paramref name="changesAfter"/>); a column
    /// whose rows do not fit its copy, or that FTS5 could not tokenize here, gets none and is rebuilt as before.
    /// </summary>
    public void Prepare(KeywordRowTokenizer tokenizer, KeywordIndexes indexes, long changesAfter)
    {
        foreach (var column in columns)
        {
            try
            {
                column.Next = column.Expected.Apply(tokenizer.Tokenize(column.Removed), tokenizer.Tokenize(column.Added), changesAfter);
            }
#pragma warning disable CA1031 // The write itself must not fail for its copy: without a delta the copy goes stale and is rebuilt.
            catch (Exception)
#pragma warning restore CA1031
            {
                column.Next = null;
            }

            if (column.Next is not null)
            {
                indexes.Expect(column.Fts, changesAfter);
            }
        }
    }

    /// <summary>After the commit: swaps each prepared copy in (if its copy is still the one it was derived from).</summary>
    public void Apply(KeywordIndexes indexes)
    {
        foreach (var column in columns.Where(column => column.Next is not null))
        {
            indexes.TryAdvance(column.Fts, column.Expected, column.Next!);
        }
    }

    /// <summary>After the commit (or its failure): queries stop waiting for this write's copies.</summary>
    public void Release(KeywordIndexes indexes)
    {
        foreach (var column in columns.Where(column => column.Next is not null))
        {
            indexes.Expected(column.Fts);
        }
    }

    /// <summary>After the swap, under the write gate: merges the deltas that grew large.</summary>
    public void Merge(KeywordIndexes indexes)
    {
        foreach (var column in columns)
        {
            indexes.MergeIfDue(column.Fts);
        }
    }

    private sealed class Column(string fts, string name, KeywordIndex expected)
    {
        public string Fts { get; } = fts;

        public string Name { get; } = name;

        public KeywordIndex Expected { get; } = expected;

        public List<(long RowId, object Text)> Removed { get; } = [];

        public List<(long RowId, object Text)> Added { get; } = [];

        public KeywordIndex? Next { get; set; }
    }
}
