using System.Collections;
using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.VectorData.ProviderServices;
using Microsoft.Extensions.VectorData.ProviderServices.Filter;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Translates MEVD filter lambdas into SQL over the collection table: comparisons, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>,
/// <c>list.Contains(value)</c> on string lists and <c>array.Contains(property)</c>. Anything else is rejected by name.
/// </summary>
internal sealed class SqliteFilterTranslator : FilterTranslatorBase
{
    private readonly CollectionSchema schema;
    private readonly string columnPrefix;
    private readonly StringBuilder sql = new();
    private readonly List<KeyValuePair<string, object>> parameters = [];

    private SqliteFilterTranslator(CollectionSchema schema, string columnPrefix)
    {
        this.schema = schema;
        this.columnPrefix = columnPrefix;
    }

    public static SqlFilter Translate(LambdaExpression? filter, CollectionSchema schema, string columnPrefix = "")
    {
        if (filter is null)
        {
            return SqlFilter.None;
        }

        var translator = new SqliteFilterTranslator(schema, columnPrefix);
        var body = translator.PreprocessFilter(filter, schema.Model, new FilterPreprocessingOptions { SupportsParameterization = true });
        translator.Append(body);
        return new SqlFilter(translator.sql.ToString(), translator.parameters);
    }

    private void Append(Expression node)
    {
        switch (node)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.OrElse } logical:
                sql.Append('(');
                Append(logical.Left);
                sql.Append(logical.NodeType == ExpressionType.AndAlso ? " AND " : " OR ");
                Append(logical.Right);
                sql.Append(')');
                break;
            case BinaryExpression comparison when Operator(comparison.NodeType) is not null:
                AppendComparison(comparison);
                break;
            case UnaryExpression { NodeType: ExpressionType.Not } not:
                sql.Append("NOT (");
                Append(not.Operand);
                sql.Append(')');
                break;
            case UnaryExpression { NodeType: ExpressionType.Convert } convert:
                Append(convert.Operand);
                break;
            case ConstantExpression { Value: bool constant }:
                sql.Append(constant ? "1" : "0");
                break;
            case MethodCallExpression call when TryMatchContains(call, out var source, out var item):
                AppendContains(call, source, item);
                break;
            case var member when member.Type == typeof(bool) && TryBindColumn(member, out var column, out _):
                sql.Append(column).Append(" = 1");
                break;
            default:
                throw Unsupported(node);
        }
    }

    private void AppendComparison(BinaryExpression comparison)
    {
        var op = Operator(comparison.NodeType)!;
        Expression propertySide = comparison.Left, valueSide = comparison.Right;
        if (!TryBindColumn(propertySide, out var column, out var property))
        {
            (propertySide, valueSide) = (valueSide, propertySide);
            op = Flip(op);
            if (!TryBindColumn(propertySide, out column, out property))
            {
                throw new NotSupportedException(
                    $"Filter comparison '{comparison}' must compare a record property with a constant or captured value.");
            }
        }

        if (SqliteValueCodec.IsStringList(property.Type))
        {
            throw new NotSupportedException($"Filter comparison '{comparison}' compares the list property '{property.ModelName}'; use Contains on it instead.");
        }

        if (!TryGetValue(valueSide, out var value))
        {
            throw Unsupported(valueSide);
        }

        if (value is null)
        {
            sql.Append(column).Append(op switch
            {
                "=" => " IS NULL",
                "<>" => " IS NOT NULL",
                _ => throw new NotSupportedException($"Filter comparison '{comparison}' orders against null."),
            });
            return;
        }

        // IS / IS NOT compare NULL columns like C# does (null != "x" is true), where = / <> would yield NULL.
        var sqlOperator = op switch
        {
            "=" => "IS",
            "<>" => "IS NOT",
            _ => op,
        };
        sql.Append(column).Append(' ').Append(sqlOperator).Append(' ').Append(AddParameter(SqliteValueCodec.ToDb(value)));
    }

    private void AppendContains(MethodCallExpression call, Expression source, Expression item)
    {
        if (TryBindColumn(source, out var listColumn, out var listProperty) && SqliteValueCodec.IsStringList(listProperty.Type))
        {
            if (!TryGetValue(item, out var value) || value is not string text)
            {
                throw new NotSupportedException($"Filter '{call}' must look for a constant or captured string in '{listProperty.ModelName}'.");
            }

            sql.Append($"EXISTS (SELECT 1 FROM json_each({listColumn}) WHERE json_each.value = {AddParameter(text)})");
            return;
        }

        if (TryGetValue(source, out var values) && values is IEnumerable sequence && TryBindColumn(item, out var column, out _))
        {
            var json = new List<object>();
            foreach (var element in sequence)
            {
                json.Add(SqliteValueCodec.ToDb(element));
            }

            var array = JsonSerializer.Serialize(json.Select(v => v is DBNull ? null : v).ToArray());
            sql.Append($"{column} IN (SELECT value FROM json_each({AddParameter(array)}))");
            return;
        }

        throw new NotSupportedException(
            $"Filter '{call}' is not supported: Contains works on a string-list property (r.Tags.Contains(\"x\")) or on a constant array (ids.Contains(r.Id)).");
    }

    private bool TryBindColumn(Expression expression, out string column, out PropertyModel property)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert } convert)
        {
            expression = convert.Operand;
        }

        if (TryBindProperty(expression, out var bound) && bound is not VectorPropertyModel)
        {
            property = bound;
            column = columnPrefix + schema.ColumnOf(bound);
            return true;
        }

        column = "";
        property = null!;
        return false;
    }

    private static bool TryGetValue(Expression expression, out object? value)
    {
        switch (expression)
        {
            case ConstantExpression constant:
                value = constant.Value;
                return true;
            case QueryParameterExpression parameter:
                value = parameter.Value;
                return true;
            case UnaryExpression { NodeType: ExpressionType.Convert } convert:
                return TryGetValue(convert.Operand, out value);
            default:
                value = null;
                return false;
        }
    }

    private string AddParameter(object value)
    {
        var name = $"@w{parameters.Count}";
        parameters.Add(new(name, value));
        return name;
    }

    private static string? Operator(ExpressionType type) => type switch
    {
        ExpressionType.Equal => "=",
        ExpressionType.NotEqual => "<>",
        ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "<=",
        ExpressionType.GreaterThan => ">",
        ExpressionType.GreaterThanOrEqual => ">=",
        _ => null,
    };

    private static string Flip(string op) => op switch
    {
        "<" => ">",
        "<=" => ">=",
        ">" => "<",
        ">=" => "<=",
        _ => op,
    };

    private static NotSupportedException Unsupported(Expression node)
    {
        var construct = node switch
        {
            MethodCallExpression call => $"method call '{call.Method.DeclaringType?.Name}.{call.Method.Name}'",
            _ => $"{node.NodeType} expression",
        };
        return new NotSupportedException(
            $"The SQLite vector store cannot translate the filter {construct} ('{node}'). Supported: ==, !=, <, <=, >, >=, &&, ||, !, " +
            "list.Contains(value) on string lists and array.Contains(property).");
    }
}
