using Microsoft.Data.Sqlite;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>A translated filter: a SQL boolean expression and the parameter values it references.</summary>
internal sealed record SqlFilter(string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters)
{
    public static SqlFilter None { get; } = new("1", []);

    public void AddTo(SqliteCommand command)
    {
        foreach (var (name, value) in Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }
}
