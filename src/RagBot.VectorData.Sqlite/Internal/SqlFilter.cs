using System.Globalization;
using System.Text;
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

    /// <summary>
    /// Identifies the filter for caching its passing rows: the SQL and every parameter's name, type and value, each
    /// length-prefixed so no two filters share a key whatever their values hold (quotes, separators, NUL characters).
    /// </summary>
    public string CacheKey()
    {
        var key = new StringBuilder();
        Append(key, Sql);
        foreach (var (name, value) in Parameters)
        {
            Append(key, name);
            key.Append(value switch
            {
                string => 's',
                long => 'l',
                double => 'd',
                byte[] => 'b',
                DBNull => 'n',
                _ => 'o',
            });
            Append(key, value switch
            {
                string text => text,
                double number => number.ToString("R", CultureInfo.InvariantCulture),
                byte[] blob => Convert.ToBase64String(blob),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
            });
        }

        return key.ToString();
    }

    private static void Append(StringBuilder key, string part) =>
        key.Append(part.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part);
}
