using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>Converts record values to and from SQLite storage values.</summary>
/// <remarks>
/// Dates are stored as UTC ticks so range filters compare correctly; string lists are stored as a JSON array
/// so <c>Contains</c> filters can use <c>json_each</c>.
/// </remarks>
internal static class SqliteValueCodec
{
    public const string SupportedDataTypes =
        "string, int, long, short, byte, bool, float, double, decimal, Guid, DateTime, DateTimeOffset, DateOnly, TimeOnly " +
        "(and their nullable forms), and string lists (List<string>, string[], IList<string>, IReadOnlyList<string>)";

    private static readonly HashSet<Type> ScalarTypes =
    [
        typeof(string), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(bool), typeof(float),
        typeof(double), typeof(decimal), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly),
        typeof(TimeOnly),
    ];

    private static readonly HashSet<Type> StringListTypes =
    [
        typeof(List<string>), typeof(string[]), typeof(IList<string>), typeof(IReadOnlyList<string>),
        typeof(ICollection<string>), typeof(IEnumerable<string>), typeof(IReadOnlyCollection<string>),
    ];

    public static bool IsSupported(Type type) => ScalarTypes.Contains(Unwrap(type)) || IsStringList(type);

    public static bool IsStringList(Type type) => StringListTypes.Contains(type);

    public static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    public static string SqlType(Type type)
    {
        var t = Unwrap(type);
        if (t == typeof(float) || t == typeof(double) || t == typeof(decimal))
        {
            return "REAL";
        }

        return t == typeof(string) || t == typeof(Guid) || IsStringList(type) ? "TEXT" : "INTEGER";
    }

    public static object ToDb(object? value)
    {
        return value switch
        {
            null => DBNull.Value,
            string s => s,
            Guid g => g.ToString("D"),
            bool b => b ? 1L : 0L,
            DateTimeOffset d => d.UtcTicks,
            DateTime d => d.Ticks,
            DateOnly d => (long)d.DayNumber,
            TimeOnly t => t.Ticks,
            decimal m => (double)m,
            float f => (double)f,
            double d => d,
            int or long or short or byte => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            IEnumerable<string> list => JsonSerializer.Serialize(list.ToArray(), CodecJsonContext.Default.StringArray),
            Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture),
            _ => throw new NotSupportedException($"Values of type {value.GetType().Name} cannot be stored; supported: {SupportedDataTypes}."),
        };
    }

    public static object? FromDb(SqliteDataReader reader, int ordinal, Type type)
    {
        if (reader.IsDBNull(ordinal))
        {
            return IsStringList(type) ? CreateStringList(type, []) : null;
        }

        var t = Unwrap(type);
        if (t == typeof(string))
        {
            return reader.GetString(ordinal);
        }

        if (IsStringList(type))
        {
            var items = JsonSerializer.Deserialize(reader.GetString(ordinal), CodecJsonContext.Default.StringArray) ?? [];
            return CreateStringList(type, items);
        }

        return t switch
        {
            _ when t == typeof(int) => reader.GetInt32(ordinal),
            _ when t == typeof(long) => reader.GetInt64(ordinal),
            _ when t == typeof(short) => reader.GetInt16(ordinal),
            _ when t == typeof(byte) => reader.GetByte(ordinal),
            _ when t == typeof(bool) => reader.GetInt64(ordinal) != 0,
            _ when t == typeof(float) => (float)reader.GetDouble(ordinal),
            _ when t == typeof(double) => reader.GetDouble(ordinal),
            _ when t == typeof(decimal) => (decimal)reader.GetDouble(ordinal),
            _ when t == typeof(Guid) => Guid.Parse(reader.GetString(ordinal)),
            _ when t == typeof(DateTimeOffset) => new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero),
            _ when t == typeof(DateTime) => new DateTime(reader.GetInt64(ordinal)),
            _ when t == typeof(DateOnly) => DateOnly.FromDayNumber(reader.GetInt32(ordinal)),
            _ when t == typeof(TimeOnly) => new TimeOnly(reader.GetInt64(ordinal)),
            _ => throw new NotSupportedException($"Values of type {type.Name} cannot be read; supported: {SupportedDataTypes}."),
        };
    }

    public static void Bind(SqliteParameter parameter, object? value) => parameter.Value = ToDb(value);

    private static object CreateStringList(Type type, string[] items) =>
        type == typeof(string[]) ? items : new List<string>(items);
}
