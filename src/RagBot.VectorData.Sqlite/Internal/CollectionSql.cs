using System.Text;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>DDL and statement text for a collection's tables (only generated identifiers are ever spliced in).</summary>
internal static class CollectionSql
{
    private const string Tokenizer = "porter unicode61 remove_diacritics 2";

    public static string CreateTables(long id, StoredSchema schema)
    {
        var table = $"t{id}";
        var sql = new StringBuilder();
        sql.Append($"CREATE TABLE {table}(rid INTEGER PRIMARY KEY, ");
        sql.AppendJoin(", ", schema.Columns.Select(c => c.Kind == "key" ? $"k {c.SqlType} NOT NULL UNIQUE" : $"{c.Column} {c.SqlType}"));
        sql.Append(");");
        foreach (var column in schema.Columns.Where(c => c.Kind == "data"))
        {
            if (column.IsIndexed && !column.IsList)
            {
                sql.Append($"CREATE INDEX {table}_i{column.Column} ON {table}({column.Column});");
            }

            if (column.IsFullTextIndexed)
            {
                var fts = $"{table}_x{column.Column}";
                var c = column.Column;
                sql.Append($"CREATE VIRTUAL TABLE {fts} USING fts5({c}, content='{table}', content_rowid='rid', tokenize='{Tokenizer}');");
                sql.Append($"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN INSERT INTO {fts}(rowid, {c}) VALUES (new.rid, new.{c}); END;");
                sql.Append($"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN INSERT INTO {fts}({fts}, rowid, {c}) VALUES ('delete', old.rid, old.{c}); END;");
                sql.Append($"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN INSERT INTO {fts}({fts}, rowid, {c}) VALUES ('delete', old.rid, old.{c}); " +
                           $"INSERT INTO {fts}(rowid, {c}) VALUES (new.rid, new.{c}); END;");
            }
        }

        return sql.ToString();
    }

    public static string DropTables(long id, StoredSchema schema)
    {
        var sql = new StringBuilder();
        foreach (var column in schema.Columns.Where(c => c.IsFullTextIndexed))
        {
            sql.Append($"DROP TABLE IF EXISTS t{id}_x{column.Column};");
        }

        sql.Append($"DROP TABLE IF EXISTS t{id};");
        return sql.ToString();
    }

    /// <summary>Upsert of one row returning its stable rowid; the key is <c>@k</c>, other columns <c>@{column}</c>.</summary>
    public static string Upsert(CollectionSchema schema)
    {
        var columns = schema.Stored.Columns.Where(c => c.Kind != "key").Select(c => c.Column).ToList();
        var sql = new StringBuilder($"INSERT INTO {schema.Table}(k");
        foreach (var c in columns)
        {
            sql.Append(", ").Append(c);
        }

        sql.Append(") VALUES(@k");
        foreach (var c in columns)
        {
            sql.Append(", @").Append(c);
        }

        sql.Append(") ON CONFLICT(k) DO UPDATE SET ");
        sql.AppendJoin(", ", columns.Select(c => $"{c} = excluded.{c}"));
        if (columns.Count == 0)
        {
            sql.Append("k = excluded.k");
        }

        sql.Append(" RETURNING rid");
        return sql.ToString();
    }
}
