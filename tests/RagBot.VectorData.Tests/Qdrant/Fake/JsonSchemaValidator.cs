using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagBot.VectorData.Tests.Qdrant.Fake;

/// <summary>
/// Checks JSON against the OpenAPI 3.0 schema subset Qdrant's spec uses: $ref, type, nullable, required, properties,
/// additionalProperties, items, enum, anyOf/oneOf/allOf, minimum, uniqueItems and the uint/uuid/date-time formats.
/// Stricter than JSON Schema on purpose: an object property the schema does not declare is an error (unless
/// additionalProperties allows it), so a misspelt field cannot slip through; <c>anyOf: [X, {nullable: true}]</c>
/// reads as "X or null".
/// </summary>
internal sealed class JsonSchemaValidator(JsonObject document)
{
    public List<string> Validate(JsonNode? value, JsonNode schema, string path)
    {
        var errors = new List<string>();
        Check(value, schema, path, errors);
        return errors;
    }

    public JsonObject Resolve(JsonNode schema)
    {
        var current = schema.AsObject();
        while (current["$ref"]?.GetValue<string>() is { } reference)
        {
            JsonNode? target = document;
            foreach (var segment in reference.TrimStart('#', '/').Split('/'))
            {
                target = target?[segment];
            }

            current = target?.AsObject() ?? throw new InvalidOperationException($"Unresolvable $ref {reference}");
        }

        return current;
    }

    private void Check(JsonNode? value, JsonNode schemaNode, string path, List<string> errors)
    {
        var schema = Resolve(schemaNode);
        if (IsNullOnlyBranch(schema))
        {
            if (value is not null)
            {
                errors.Add($"{path}: expected null");
            }

            return;
        }

        if (value is null)
        {
            var nullable = schema["nullable"]?.GetValue<bool>() == true
                || (schema["anyOf"] is JsonArray branches && branches.Any(branch => IsNullOnlyBranch(Resolve(branch!))));
            if (!nullable && (schema["type"] is not null || schema["anyOf"] is not null || schema["oneOf"] is not null))
            {
                errors.Add($"{path}: null is not allowed");
            }

            return;
        }

        if (schema["anyOf"] is JsonArray anyOf)
        {
            CheckAlternatives(value, anyOf, path, errors, exactlyOne: false);
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            CheckAlternatives(value, oneOf, path, errors, exactlyOne: true);
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var part in allOf)
            {
                Check(value, part!, path, errors);
            }
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(option => JsonNode.DeepEquals(option, value)))
        {
            errors.Add($"{path}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        var type = schema["type"]?.GetValue<string>() ?? (schema["properties"] is not null ? "object" : null);
        switch (type)
        {
            case "object":
                CheckObject(value, schema, path, errors);
                break;
            case "array":
                CheckArray(value, schema, path, errors);
                break;
            case "string":
                CheckString(value, schema, path, errors);
                break;
            case "integer" or "number":
                CheckNumber(value, schema, type, path, errors);
                break;
            case "boolean" when value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False):
                errors.Add($"{path}: expected boolean, got {value.GetValueKind()}");
                break;
        }
    }

    private void CheckAlternatives(JsonNode value, JsonArray alternatives, string path, List<string> errors, bool exactlyOne)
    {
        var failures = new List<string>();
        var matches = 0;
        foreach (var alternative in alternatives)
        {
            var branchErrors = new List<string>();
            Check(value, alternative!, path, branchErrors);
            if (branchErrors.Count == 0)
            {
                matches++;
            }
            else
            {
                failures.Add(string.Join("; ", branchErrors.Take(3)));
            }
        }

        if (matches == 0)
        {
            errors.Add($"{path}: matches none of the {(exactlyOne ? "oneOf" : "anyOf")} alternatives [{string.Join(" | ", failures)}]");
        }
        else if (exactlyOne && matches > 1)
        {
            errors.Add($"{path}: matches {matches} oneOf alternatives");
        }
    }

    private void CheckObject(JsonNode value, JsonObject schema, string path, List<string> errors)
    {
        if (value is not JsonObject obj)
        {
            errors.Add($"{path}: expected object, got {value.GetValueKind()}");
            return;
        }

        var properties = schema["properties"] as JsonObject;
        foreach (var required in schema["required"]?.AsArray() ?? [])
        {
            if (!obj.ContainsKey(required!.GetValue<string>()))
            {
                errors.Add($"{path}: required property '{required}' is missing");
            }
        }

        foreach (var (name, propertyValue) in obj)
        {
            if (properties?[name] is { } propertySchema)
            {
                Check(propertyValue, propertySchema, $"{path}/{name}", errors);
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                Check(propertyValue, additional, $"{path}/{name}", errors);
            }
            else if (schema["additionalProperties"]?.GetValue<bool>() != true)
            {
                errors.Add($"{path}: property '{name}' is not declared by the schema");
            }
        }
    }

    private void CheckArray(JsonNode value, JsonObject schema, string path, List<string> errors)
    {
        if (value is not JsonArray array)
        {
            errors.Add($"{path}: expected array, got {value.GetValueKind()}");
            return;
        }

        if (schema["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, $"{path}/{i}", errors);
            }
        }

        if (schema["uniqueItems"]?.GetValue<bool>() == true
            && array.Select(item => item?.ToJsonString()).Distinct(StringComparer.Ordinal).Count() != array.Count)
        {
            errors.Add($"{path}: items must be unique");
        }
    }

    private static void CheckString(JsonNode value, JsonObject schema, string path, List<string> errors)
    {
        if (value.GetValueKind() != JsonValueKind.String)
        {
            errors.Add($"{path}: expected string, got {value.GetValueKind()}");
            return;
        }

        var text = value.GetValue<string>();
        var format = schema["format"]?.GetValue<string>();
        if (format == "uuid" && !Guid.TryParse(text, out _))
        {
            errors.Add($"{path}: '{text}' is not a uuid");
        }
        else if (format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out _))
        {
            errors.Add($"{path}: '{text}' is not a date-time");
        }
    }

    private static void CheckNumber(JsonNode value, JsonObject schema, string type, string path, List<string> errors)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            errors.Add($"{path}: expected {type}, got {value.GetValueKind()}");
            return;
        }

        var number = double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
        if (type == "integer" && Math.Floor(number) != number)
        {
            errors.Add($"{path}: expected integer, got {number}");
        }

        var format = schema["format"]?.GetValue<string>();
        var minimum = schema["minimum"]?.GetValue<double>() ?? (format is "uint" or "uint32" or "uint64" or "uint8" or "uint16" ? 0 : double.MinValue);
        if (number < minimum)
        {
            errors.Add($"{path}: {number} is below the minimum {minimum}");
        }

        if (format == "uint32" && number > uint.MaxValue)
        {
            errors.Add($"{path}: {number} does not fit uint32");
        }
    }

    private static bool IsNullOnlyBranch(JsonObject schema) =>
        schema.Count == 1 && schema["nullable"]?.GetValue<bool>() == true;
}
