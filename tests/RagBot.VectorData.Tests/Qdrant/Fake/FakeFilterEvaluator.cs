using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagBot.VectorData.Tests.Qdrant.Fake;

/// <summary>Qdrant's payload filter semantics: must/should/must_not, match value/any/except/text, range, is_null, is_empty, has_id.</summary>
internal static class FakeFilterEvaluator
{
    public static bool Matches(JsonNode? filter, FakePoint point)
    {
        if (filter is not JsonObject clauses)
        {
            return true;
        }

        var must = Conditions(clauses["must"]);
        var should = Conditions(clauses["should"]);
        var mustNot = Conditions(clauses["must_not"]);
        return must.All(condition => Condition(condition, point))
            && (should.Count == 0 || should.Any(condition => Condition(condition, point)))
            && !mustNot.Any(condition => Condition(condition, point));
    }

    private static List<JsonObject> Conditions(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(item => item!.AsObject())],
        _ => [node.AsObject()],
    };

    private static bool Condition(JsonObject condition, FakePoint point)
    {
        if (condition.ContainsKey("must") || condition.ContainsKey("should") || condition.ContainsKey("must_not") || condition.Count == 0)
        {
            return Matches(condition, point);
        }

        if (condition["has_id"] is JsonArray ids)
        {
            var key = FakePoint.Key(point.Id);
            return ids.Any(id => FakePoint.Key(id!) == key);
        }

        if (condition["is_null"] is JsonObject isNull)
        {
            return point.Payload.TryGetPropertyValue(isNull["key"]!.GetValue<string>(), out var value) && value is null;
        }

        if (condition["is_empty"] is JsonObject isEmpty)
        {
            var value = point.Payload[isEmpty["key"]!.GetValue<string>()];
            return value is null || (value is JsonArray array && array.Count == 0);
        }

        var field = condition["key"]!.GetValue<string>();
        var values = point.Payload[field] switch
        {
            null => [],
            JsonArray array => array.Where(item => item is not null).Select(item => item!).ToList(),
            var single => [single],
        };

        if (condition["match"] is JsonObject match)
        {
            return Match(match, values);
        }

        if (condition["range"] is JsonObject range)
        {
            return values.Any(value => InRange(range, value));
        }

        throw new FakeQdrantError(400, $"the fake does not implement the condition {condition.ToJsonString()}");
    }

    private static bool Match(JsonObject match, List<JsonNode> values)
    {
        if (match["value"] is { } expected)
        {
            return values.Any(value => JsonNode.DeepEquals(value, expected));
        }

        if (match["any"] is JsonArray any)
        {
            return values.Any(value => any.Any(option => JsonNode.DeepEquals(value, option)));
        }

        if (match["except"] is JsonArray except)
        {
            return values.Any(value => !except.Any(option => JsonNode.DeepEquals(value, option)));
        }

        if (match["text"] is { } text)
        {
            var wanted = Words(text.GetValue<string>());
            return values.Any(value => value.GetValueKind() == JsonValueKind.String && wanted.IsSubsetOf(Words(value.GetValue<string>())));
        }

        throw new FakeQdrantError(400, $"the fake does not implement the match {match.ToJsonString()}");
    }

    private static bool InRange(JsonObject range, JsonNode value)
    {
        foreach (var (bound, limitNode) in range)
        {
            if (limitNode is null)
            {
                continue;
            }

            var comparison = Compare(value, limitNode);
            if (comparison is null)
            {
                return false;
            }

            var ok = bound switch
            {
                "lt" => comparison < 0,
                "lte" => comparison <= 0,
                "gt" => comparison > 0,
                "gte" => comparison >= 0,
                _ => throw new FakeQdrantError(400, $"unknown range bound '{bound}'"),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static int? Compare(JsonNode value, JsonNode limit)
    {
        if (value.GetValueKind() == JsonValueKind.Number && limit.GetValueKind() == JsonValueKind.Number)
        {
            return value.GetValue<double>().CompareTo(limit.GetValue<double>());
        }

        if (value.GetValueKind() == JsonValueKind.String && limit.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            && DateTimeOffset.TryParse(limit.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var bound))
        {
            return date.CompareTo(bound);
        }

        return null;
    }

    private static HashSet<string> Words(string text) =>
        [.. text.ToLowerInvariant().Split((char[])[' ', '\t', '\n', '.', ',', ';', ':', '!', '?', '-'], StringSplitOptions.RemoveEmptyEntries)];
}
