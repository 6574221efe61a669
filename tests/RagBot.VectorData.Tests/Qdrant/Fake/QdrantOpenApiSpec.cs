using System.Text.Json.Nodes;

namespace RagBot.VectorData.Tests.Qdrant.Fake;

/// <summary>Qdrant's OpenAPI document: finds the operation of a request and validates parameters and bodies against it.</summary>
internal sealed class QdrantOpenApiSpec
{
    private static readonly Lazy<QdrantOpenApiSpec> Shared = new(() => new QdrantOpenApiSpec(
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Qdrant", "Fake", "openapi.json")))!.AsObject()));

    private readonly JsonObject _document;
    private readonly JsonSchemaValidator _validator;

    private QdrantOpenApiSpec(JsonObject document)
    {
        _document = document;
        _validator = new JsonSchemaValidator(document);
    }

    public static QdrantOpenApiSpec Instance => Shared.Value;

    public string Version => _document["info"]!["version"]!.GetValue<string>();

    /// <summary>The operation for a method and path, with the path parameters it binds; null when the spec has no such route.</summary>
    public (string Template, JsonObject Operation, Dictionary<string, string> PathParameters)? FindOperation(string method, string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        (string, JsonObject, Dictionary<string, string>)? best = null;
        var bestLiterals = -1;
        foreach (var (template, item) in _document["paths"]!.AsObject())
        {
            if (item?[method.ToLowerInvariant()] is not JsonObject operation)
            {
                continue;
            }

            var parts = template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != segments.Length)
            {
                continue;
            }

            var parameters = new Dictionary<string, string>();
            var literals = 0;
            var matches = true;
            for (var i = 0; i < parts.Length && matches; i++)
            {
                if (parts[i].StartsWith('{'))
                {
                    parameters[parts[i].Trim('{', '}')] = segments[i];
                }
                else if (parts[i] == segments[i])
                {
                    literals++;
                }
                else
                {
                    matches = false;
                }
            }

            if (matches && literals > bestLiterals)
            {
                best = (template, operation, parameters);
                bestLiterals = literals;
            }
        }

        return best;
    }

    /// <summary>Spec violations of a request: undeclared or mistyped query parameters, missing or invalid body.</summary>
    public List<string> ValidateRequest(JsonObject operation, IReadOnlyDictionary<string, string> query, string body)
    {
        var errors = new List<string>();
        var declared = (operation["parameters"]?.AsArray() ?? [])
            .Select(parameter => _validator.Resolve(parameter!))
            .Where(parameter => parameter["in"]?.GetValue<string>() == "query")
            .ToDictionary(parameter => parameter["name"]!.GetValue<string>());
        foreach (var (name, value) in query)
        {
            if (!declared.TryGetValue(name, out var parameter))
            {
                errors.Add($"query parameter '{name}' is not declared for this operation");
                continue;
            }

            var type = parameter["schema"] is { } schema ? _validator.Resolve(schema)["type"]?.GetValue<string>() : null;
            if ((type == "boolean" && value is not ("true" or "false")) || (type == "integer" && !long.TryParse(value, out _)))
            {
                errors.Add($"query parameter '{name}={value}' is not a {type}");
            }
        }

        var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        if (bodySchema is null)
        {
            if (body.Length > 0)
            {
                errors.Add("this operation takes no request body");
            }

            return errors;
        }

        if (body.Length == 0)
        {
            errors.Add("the request body is missing");

            return errors;
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException exception)
        {
            errors.Add($"the request body is not JSON: {exception.Message}");
            return errors;
        }

        errors.AddRange(_validator.Validate(parsed, bodySchema, "body"));
        return errors;
    }

    /// <summary>Checks the fake's own answer against the response schema the spec documents for that status.</summary>
    public List<string> ValidateResponse(JsonObject operation, int status, JsonNode body)
    {
        var responses = operation["responses"]!.AsObject();
        var schema = (responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? (status is >= 400 and < 500 ? responses["4XX"] : null)
            ?? responses["default"])?["content"]?["application/json"]?["schema"];
        return schema is null ? [] : _validator.Validate(body, schema, "response");
    }
}
