using System.Text;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>DDL and statement text for a collection's tables (only generated identifiers are ever spliced in).</summary>
internal static class CollectionSql
{
    public const string Tokenizer = "porter unicode61 remove_diacritics 2";

    public static string CreateTables(long id, StoredSchema schema)
    {
        var table = $"t{id}";
        var sql = new StringBuilder();
        sql.Append($"CREATE TABLE {table}(rid INTEGER PRIMARY KEY AUTOINCREMENT, ver INTEGER NOT NULL DEFAULT 0, ");
        sql.AppendJoin(", ", schema.Columns.Select(c => c.Kind == "key" ? $"k {c.SqlType} NOT NULL UNIQUE" : $"{c.Column} {c.SqlType}"));
        sql.Append(");");
        sql.Append($"CREATE INDEX {table}_ver ON {table}(ver);");
        sql.Append($"CREATE TABLE {table}_gone(rid INTEGER PRIMARY KEY, ver INTEGER NOT NULL);");
        sql.Append($"CREATE INDEX {table}_gone_ver ON {table}_gone(ver);");
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

        sql.Append($"DROP TABLE IF EXISTS t{id}_gone;");
        sql.Append($"DROP TABLE IF EXISTS t{id};");
        return sql.ToString();
    }

    /// <summary>
    /// Upsert of <paramref name="rows"/> rows returning each row's stable rowid and key. Parameters: <c>@ver</c> (the
    /// change version), <c>@k{row}</c> and <c>@{column}_{row}</c>. Rowids are never reused (AUTOINCREMENT), so
    /// version-based catch-up stays unambiguous.
    /// </summary>
    public static string Upsert(CollectionSchema schema, IReadOnlyList<string> columns, int rows)
    {
        var sql = new StringBuilder($"INSERT INTO {schema.Table}(k, ver");
        foreach (var c in columns)
        {
            sql.Append(", ").Append(c);
        }

        sql.Append(") VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (").Append($"@k{row}, @ver");
            foreach (var c in columns)
            {
                sql.Append($", @{c}_{row}");
            }

            sql.Append(')');
        }

        sql.Append(" ON CONFLICT(k) DO UPDATE SET ver = excluded.ver");
        foreach (var c in columns)
        {
            sql.Append($", {c} = excluded.{c}");
        }

        sql.Append(" RETURNING rid, k");
        return sql.ToString();
    }
}
