using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagBot.VectorData.Tests.Qdrant.Fake;

/// <summary>In-memory Qdrant semantics behind the fake's routes. Callers hold the lock; results are the <c>result</c> value.</summary>
internal sealed class FakeQdrantEngine
{
    private readonly Dictionary<string, FakeQdrantCollection> _collections = [];
    private readonly Dictionary<string, string> _aliases = [];
    private ulong _operationId;

    public JsonNode? Handle(string method, string path, IReadOnlyDictionary<string, string> parameters, JsonObject? body)
    {
        var name = parameters.GetValueOrDefault("collection_name");
        return (method, path) switch
        {
            ("GET", "/collections") => new JsonObject { ["collections"] = new JsonArray([.. _collections.Keys.Select(n => (JsonNode)new JsonObject { ["name"] = n })]) },
            ("GET", "/aliases") => Aliases(_ => true),
            ("POST", "/collections/aliases") => ChangeAliases(body!),
            ("GET", "/collections/{collection_name}/exists") => new JsonObject { ["exists"] = Find(name!) is not null },
            ("GET", "/collections/{collection_name}/aliases") => Aliases(pair => pair.Value == Get(name!).Name),
            ("PUT", "/collections/{collection_name}") => Create(name!, body!),
            ("GET", "/collections/{collection_name}") => Get(name!).Collection.Info(),
            ("DELETE", "/collections/{collection_name}") => Delete(name!),
            ("PUT", "/collections/{collection_name}/index") => Index(Get(name!).Collection, body!),
            ("PUT", "/collections/{collection_name}/points") => Upsert(Get(name!).Collection, body!),
            ("POST", "/collections/{collection_name}/points") => Retrieve(Get(name!).Collection, body!),
            ("POST", "/collections/{collection_name}/points/delete") => DeletePoints(Get(name!).Collection, body!),
            ("POST", "/collections/{collection_name}/points/scroll") => Scroll(Get(name!).Collection, body!),
            ("POST", "/collections/{collection_name}/points/count") => new JsonObject
            {
                ["count"] = Get(name!).Collection.Points.Values.Count(point => FakeFilterEvaluator.Matches(body?["filter"], point)),
            },
            ("POST", "/collections/{collection_name}/points/query") => Query(Get(name!).Collection, body!),
            _ => throw new FakeQdrantError(501, $"the fake does not implement {method} {path}"),
        };
    }

    private FakeQdrantCollection? Find(string name) =>
        _collections.GetValueOrDefault(_aliases.GetValueOrDefault(name, name));

    private (string Name, FakeQdrantCollection Collection) Get(string name)
    {
        var resolved = _aliases.GetValueOrDefault(name, name);
        return _collections.TryGetValue(resolved, out var collection)
            ? (resolved, collection)
            : throw new FakeQdrantError(404, $"Not found: Collection `{name}` doesn't exist!");
    }

    private JsonNode Create(string name, JsonObject body)
    {
        if (_collections.ContainsKey(name))
        {
            throw new FakeQdrantError(409, $"Wrong input: Collection `{name}` already exists!");
        }

        var collection = new FakeQdrantCollection();
        if (body["vectors"] is JsonObject vectors)
        {
            if (vectors.ContainsKey("size"))
            {
                collection.DenseVectors[""] = (vectors["size"]!.GetValue<int>(), vectors["distance"]!.GetValue<string>());
            }
            else
            {
                foreach (var (vectorName, config) in vectors)
                {
                    collection.DenseVectors[vectorName] = (config!["size"]!.GetValue<int>(), config["distance"]!.GetValue<string>());
                }
            }
        }

        foreach (var (sparseName, config) in body["sparse_vectors"]?.AsObject() ?? [])
        {
            collection.SparseVectors[sparseName] = config?["modifier"]?.GetValue<string>() ?? "none";
        }

        _collections[name] = collection;
        return true;
    }

    private JsonNode Delete(string name)
    {
        if (!_collections.Remove(name))
        {
            throw new FakeQdrantError(404, $"Not found: Collection `{name}` doesn't exist!");
        }

        foreach (var alias in _aliases.Where(pair => pair.Value == name).Select(pair => pair.Key).ToList())
        {
            _aliases.Remove(alias);
        }

        return true;
    }

    private JsonObject Index(FakeQdrantCollection collection, JsonObject body)
    {
        collection.PayloadIndexes[body["field_name"]!.GetValue<string>()] = body["field_schema"]!.DeepClone();
        return Completed();
    }

    private JsonObject Upsert(FakeQdrantCollection collection, JsonObject body)
    {
        var points = body["points"] as JsonArray ?? throw new FakeQdrantError(400, "the fake implements only the points-list upsert");
        var parsed = points.Select(point => ParsePoint(collection, point!.AsObject())).ToList();
        foreach (var point in parsed)
        {
            collection.Points[FakePoint.Key(point.Id)] = point;
        }

        return Completed();
    }

    private FakePoint ParsePoint(FakeQdrantCollection collection, JsonObject point)
    {
        var parsed = new FakePoint
        {
            Id = point["id"]!.DeepClone(),
            Payload = point["payload"]?.DeepClone().AsObject() ?? [],
            Version = _operationId + 1,
        };
        foreach (var (vectorName, vector) in point["vector"] as JsonObject ?? throw new FakeQdrantError(400, "the fake expects named vectors"))
        {
            if (vector is JsonArray dense)
            {
                if (!collection.DenseVectors.TryGetValue(vectorName, out var config))
                {
                    throw new FakeQdrantError(400, $"Wrong input: Not existing vector name error: {vectorName}");
                }

                var values = dense.Select(value => value!.GetValue<float>()).ToArray();
                if (values.Length != config.Size)
                {
                    throw new FakeQdrantError(400, $"Wrong input: Vector dimension error: expected dim: {config.Size}, got {values.Length}");
                }

                parsed.Dense[vectorName] = config.Distance == "Cosine" ? FakeQueryExecutor.Normalize(values) : values;
            }
            else if (vector is JsonObject sparse && collection.SparseVectors.ContainsKey(vectorName))
            {
                var indices = sparse["indices"]!.AsArray().Select(x => x!.GetValue<uint>()).ToArray();
                if (indices.Distinct().Count() != indices.Length || indices.Length != sparse["values"]!.AsArray().Count)
                {
                    throw new FakeQdrantError(400, "Wrong input: sparse vector indices must be unique and as many as values");
                }

                parsed.Sparse[vectorName] = (indices, sparse["values"]!.AsArray().Select(x => x!.GetValue<float>()).ToArray());
            }
            else
            {
                throw new FakeQdrantError(400, $"Wrong input: Not existing vector name error: {vectorName}");
            }
        }

        return parsed;
    }

    private static JsonArray Retrieve(FakeQdrantCollection collection, JsonObject body) =>
        [.. body["ids"]!.AsArray()
            .Select(id => collection.Points.GetValueOrDefault(FakePoint.Key(id!)))
            .Where(point => point is not null)
            .Select(point => (JsonNode)point!.ToRecord(body["with_payload"], body["with_vector"]))];

    private JsonObject DeletePoints(FakeQdrantCollection collection, JsonObject body)
    {
        var doomed = body["points"] is JsonArray ids
            ? ids.Select(id => FakePoint.Key(id!)).ToList()
            : collection.Points.Where(pair => FakeFilterEvaluator.Matches(body["filter"], pair.Value)).Select(pair => pair.Key).ToList();
        doomed.ForEach(key => collection.Points.Remove(key));
        return Completed();
    }

    private static JsonObject Scroll(FakeQdrantCollection collection, JsonObject body)
    {
        var limit = body["limit"]?.GetValue<int>() ?? 10;
        var matching = collection.OrderedPoints.Where(point => FakeFilterEvaluator.Matches(body["filter"], point));
        if (body["order_by"] is { } orderBy)
        {
            var key = orderBy.GetValueKind() == JsonValueKind.String ? orderBy.GetValue<string>() : orderBy["key"]!.GetValue<string>();
            var descending = orderBy["direction"]?.GetValue<string>() == "desc";
            var comparer = Comparer<JsonNode?>.Create(ComparePayloadValues);
            matching = descending
                ? matching.OrderByDescending(point => point.Payload[key], comparer)
                : matching.OrderBy(point => point.Payload[key], comparer);
        }
        else if (body["offset"] is { } offset)
        {
            var start = FakePoint.SortKey(offset);
            matching = matching.Where(point => FakePoint.SortKey(point.Id).CompareTo(start) >= 0);
        }

        var page = matching.Take(limit + 1).ToList();
        return new JsonObject
        {
            ["points"] = new JsonArray([.. page.Take(limit).Select(point => (JsonNode)point.ToRecord(body["with_payload"], body["with_vector"]))]),
            ["next_page_offset"] = page.Count > limit && body["order_by"] is null ? page[limit].Id.DeepClone() : null,
        };
    }

    private static int ComparePayloadValues(JsonNode? left, JsonNode? right) =>
        left?.GetValueKind() == JsonValueKind.Number && right?.GetValueKind() == JsonValueKind.Number
            ? left.GetValue<double>().CompareTo(right.GetValue<double>())
            : string.CompareOrdinal(left?.ToJsonString(), right?.ToJsonString());

    private static JsonObject Query(FakeQdrantCollection collection, JsonObject body) => new()
    {
        ["points"] = new JsonArray([.. FakeQueryExecutor.Run(collection, body, topLevel: true)
            .Select(hit => (JsonNode)hit.Point.ToRecord(body["with_payload"], body["with_vector"], hit.Score))]),
    };

    private JsonObject Aliases(Func<KeyValuePair<string, string>, bool> predicate) => new()
    {
        ["aliases"] = new JsonArray([.. _aliases.Where(predicate).Select(pair => (JsonNode)new JsonObject
        {
            ["alias_name"] = pair.Key,
            ["collection_name"] = pair.Value,
        })]),
    };

    private JsonNode ChangeAliases(JsonObject body)
    {
        var staged = new Dictionary<string, string>(_aliases);
        foreach (var action in body["actions"]!.AsArray())
        {
            if (action!["create_alias"] is { } create)
            {
                var collection = create["collection_name"]!.GetValue<string>();
                if (!_collections.ContainsKey(collection))
                {
                    throw new FakeQdrantError(404, $"Not found: Collection `{collection}` doesn't exist!");
                }

                if (!staged.TryAdd(create["alias_name"]!.GetValue<string>(), collection))
                {
                    throw new FakeQdrantError(409, $"Wrong input: Alias {create["alias_name"]} already exists!");
                }
            }
            else if (action["delete_alias"] is { } delete)
            {
                staged.Remove(delete["alias_name"]!.GetValue<string>());
            }
            else if (action["rename_alias"] is { } rename && staged.Remove(rename["old_alias_name"]!.GetValue<string>(), out var target))
            {
                staged[rename["new_alias_name"]!.GetValue<string>()] = target;
            }
        }

        _aliases.Clear();
        foreach (var pair in staged)
        {
            _aliases[pair.Key] = pair.Value;
        }

        return true;
    }

    private JsonObject Completed() => new() { ["operation_id"] = ++_operationId, ["status"] = "completed" };
}
