using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Microsoft.Extensions.VectorData.ProviderServices;
using Microsoft.Extensions.VectorData.ProviderServices.Filter;

namespace RagBot.VectorData.Qdrant.Internals;

/// <summary>
/// Translates an MEVD filter lambda into a Qdrant <c>Filter</c>: &amp;&amp; → must, || → should, ! → must_not,
/// == → match value (range for floating point and dates), ordering comparisons → range, list.Contains(v) → match value,
/// constants.Contains(x.Prop) → match any, key equality → has_id. Anything else throws <see cref="NotSupportedException"/>.
/// Not thread-safe: use one instance per translation.
/// </summary>
internal sealed class QdrantFilterTranslator : FilterTranslatorBase
{
    private static readonly FilterPreprocessingOptions Preprocessing = new() { SupportsParameterization = false };

    public JsonObject Translate(LambdaExpression filter, CollectionModel model)
    {
        var body = PreprocessFilter(filter, model, Preprocessing);
        var condition = TranslateCondition(body);
        return IsFilter(condition) ? condition : new JsonObject { ["must"] = new JsonArray(condition) };
    }

    private JsonObject TranslateCondition(Expression node) => node switch
    {
        BinaryExpression { NodeType: ExpressionType.AndAlso } and => Combine("must", and.Left, and.Right),
        BinaryExpression { NodeType: ExpressionType.OrElse } or => Combine("should", or.Left, or.Right),
        UnaryExpression { NodeType: ExpressionType.Not } not => Negate(TranslateCondition(not.Operand)),
        BinaryExpression binary => TranslateComparison(binary),
        MethodCallExpression call => TranslateMethodCall(call),
        ConstantExpression { Value: true } => [],
        _ when node.Type == typeof(bool) && TryBindProperty(node, out var property) => MatchValue(property!, true),
        _ => throw Unsupported(node),
    };

    private JsonObject Combine(string clause, Expression left, Expression right)
    {
        var conditions = new JsonArray();
        foreach (var side in new[] { TranslateCondition(left), TranslateCondition(right) })
        {
            if (side.Count == 1 && side[clause] is JsonArray nested)
            {
                foreach (var inner in nested.ToArray())
                {
                    nested.Remove(inner);
                    conditions.Add(inner);
                }
            }
            else
            {
                conditions.Add(side);
            }
        }

        return new JsonObject { [clause] = conditions };
    }

    private static JsonObject Negate(JsonObject condition) => new() { ["must_not"] = new JsonArray(condition) };

    private JsonObject TranslateComparison(BinaryExpression binary)
    {
        var type = binary.NodeType;
        if (!TryBindProperty(StripConvert(binary.Left), out var property) || StripConvert(binary.Right) is not ConstantExpression constant)
        {
            if (!TryBindProperty(StripConvert(binary.Right), out property) || StripConvert(binary.Left) is not ConstantExpression swapped)
            {
                throw Unsupported(binary);
            }

            constant = swapped;
            type = Flip(type);
        }

        var value = constant.Value;
        return type switch
        {
            ExpressionType.Equal => Equal(property!, value),
            ExpressionType.NotEqual => Negate(Equal(property!, value)),
            ExpressionType.LessThan => Range(property!, "lt", value, binary),
            ExpressionType.LessThanOrEqual => Range(property!, "lte", value, binary),
            ExpressionType.GreaterThan => Range(property!, "gt", value, binary),
            ExpressionType.GreaterThanOrEqual => Range(property!, "gte", value, binary),
            _ => throw Unsupported(binary),
        };
    }

    private static JsonObject Equal(PropertyModel property, object? value)
    {
        if (value is null)
        {
            return new JsonObject { ["is_null"] = new JsonObject { ["key"] = property.StorageName } };
        }

        if (property is KeyPropertyModel)
        {
            return new JsonObject { ["has_id"] = new JsonArray(QdrantPointMapper.ToPointId(value)) };
        }

        return value switch
        {
            float or double or decimal or DateTime or DateTimeOffset => new JsonObject
            {
                ["key"] = property.StorageName,
                ["range"] = new JsonObject { ["gte"] = RangeBound(value), ["lte"] = RangeBound(value) },
            },
            _ => MatchValue(property, value),
        };
    }

    private static JsonObject MatchValue(PropertyModel property, object value) => new()
    {
        ["key"] = property.StorageName,
        ["match"] = new JsonObject { ["value"] = MatchableValue(value) },
    };

    private static JsonObject Range(PropertyModel property, string bound, object? value, Expression node)
    {
        if (value is null or string or bool or Guid || property is KeyPropertyModel)
        {
            throw Unsupported(node, "Qdrant range conditions need a number or a date on a payload field");
        }

        return new JsonObject
        {
            ["key"] = property.StorageName,
            ["range"] = new JsonObject { [bound] = RangeBound(value) },
        };
    }

    private JsonObject TranslateMethodCall(MethodCallExpression call)
    {
        if (TryMatchContains(call, out var source, out var item))
        {
            if (TryBindProperty(StripConvert(source), out var listProperty) && StripConvert(item) is ConstantExpression { Value: { } element })
            {
                return MatchValue(listProperty!, element);
            }

            if (StripConvert(source) is ConstantExpression { Value: IEnumerable values } && TryBindProperty(StripConvert(item), out var property))
            {
                var any = new JsonArray();
                foreach (var value in values)
                {
                    any.Add(MatchableValue(value ?? throw Unsupported(call, "null inside a Contains list")));
                }

                return new JsonObject { ["key"] = property!.StorageName, ["match"] = new JsonObject { ["any"] = any } };
            }
        }

        if (call.Method.DeclaringType == typeof(string) && call.Method.Name == nameof(string.Contains)
            && call.Object is { } target && TryBindProperty(target, out var textProperty)
            && textProperty is DataPropertyModel { IsFullTextIndexed: true }
            && call.Arguments is [ConstantExpression { Value: string text }])
        {
            return new JsonObject { ["key"] = textProperty.StorageName, ["match"] = new JsonObject { ["text"] = text } };
        }

        throw Unsupported(call);
    }

    private static JsonNode MatchableValue(object value) => value switch
    {
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        Guid guid => JsonValue.Create(guid.ToString("D")),
        int or long or short or byte or uint or sbyte or ushort => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong number when number <= long.MaxValue => JsonValue.Create((long)number),
        _ => throw new NotSupportedException(
            $"Qdrant match conditions take strings, integers, booleans or Guids; a value of type {value.GetType().Name} cannot be matched."),
    };

    private static JsonNode RangeBound(object value) => value switch
    {
        DateTime date => JsonValue.Create(date.ToString("O", CultureInfo.InvariantCulture)),
        DateTimeOffset date => JsonValue.Create(date.ToString("O", CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
    };

    private static bool IsFilter(JsonObject condition) =>
        condition.All(pair => pair.Key is "must" or "should" or "must_not" or "min_should");

    private static Expression StripConvert(Expression expression) =>
        expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert
            ? StripConvert(convert.Operand)
            : expression;

    private static ExpressionType Flip(ExpressionType type) => type switch
    {
        ExpressionType.LessThan => ExpressionType.GreaterThan,
        ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
        ExpressionType.GreaterThan => ExpressionType.LessThan,
        ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
        _ => type,
    };

    private static NotSupportedException Unsupported(Expression node, string? reason = null) =>
        new($"The Qdrant connector cannot translate the filter construct '{node}' ({node.NodeType})" +
            (reason is null ? "." : $": {reason}.") +
            " Supported: ==, !=, <, <=, >, >=, &&, ||, !, list.Contains(value), values.Contains(x.Property).");
}
