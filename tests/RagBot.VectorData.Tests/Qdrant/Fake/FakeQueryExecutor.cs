using System.Text.Json.Nodes;

namespace RagBot.VectorData.Tests.Qdrant.Fake;

/// <summary>Qdrant's Query API over the fake's points: dense nearest (Cosine/Dot/Euclid/Manhattan), sparse dot with
/// the IDF modifier, prefetches fused by RRF (k = 2, Qdrant's default), filter, score_threshold, offset and limit.</summary>
internal static class FakeQueryExecutor
{
    private const int DefaultRrfK = 2;

    public static List<(FakePoint Point, double Score)> Run(FakeQdrantCollection collection, JsonObject request, bool topLevel)
    {
        var filter = request["filter"];
        var limit = request["limit"]?.GetValue<int>() ?? 10;
        var offset = topLevel ? request["offset"]?.GetValue<int>() ?? 0 : 0;
        var threshold = request["score_threshold"]?.GetValue<double>();
        var query = request["query"] is JsonObject { } wrapper && wrapper["nearest"] is { } nearest ? nearest : request["query"];
        var prefetches = request["prefetch"] switch
        {
            null => [],
            JsonArray array => array.Select(item => item!.AsObject()).ToList(),
            var single => [single.AsObject()],
        };

        List<(FakePoint Point, double Score)> scored;
        var higherIsBetter = true;
        if (query is JsonObject fusion && (fusion.ContainsKey("fusion") || fusion.ContainsKey("rrf")))
        {
            if (fusion["fusion"]?.GetValue<string>() is { } kind && kind != "rrf")
            {
                throw new FakeQdrantError(400, $"the fake implements only rrf fusion, not {kind}");
            }

            var k = fusion["rrf"]?["k"]?.GetValue<int>() ?? DefaultRrfK;
            scored = Fuse([.. prefetches.Select(prefetch => Run(collection, prefetch, topLevel: false))], k)
                .Where(hit => FakeFilterEvaluator.Matches(filter, hit.Point)).ToList();
        }
        else if (prefetches.Count > 0)
        {
            throw new FakeQdrantError(400, "the fake implements prefetch only with a fusion query");
        }
        else
        {
            var vectorName = request["using"]?.GetValue<string>() ?? "";
            var candidates = collection.Points.Values.Where(point => FakeFilterEvaluator.Matches(filter, point));
            if (query is JsonArray dense)
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

                higherIsBetter = config.Distance is "Cosine" or "Dot";
                var normalized = config.Distance == "Cosine" ? Normalize(values) : values;
                scored = [.. candidates.Where(point => point.Dense.ContainsKey(vectorName))
                    .Select(point => (point, DenseScore(config.Distance, normalized, point.Dense[vectorName])))];
            }
            else if (query is JsonObject sparse && sparse.ContainsKey("indices"))
            {
                if (!collection.SparseVectors.TryGetValue(vectorName, out var modifier))
                {
                    throw new FakeQdrantError(400, $"Wrong input: Not existing vector name error: {vectorName}");
                }

                scored = SparseScores(collection, vectorName, modifier, sparse, candidates);
            }
            else if (query is null)
            {
                scored = [.. candidates.OrderBy(point => FakePoint.SortKey(point.Id)).Select(point => (point, 0.0))];
            }
            else
            {
                throw new FakeQdrantError(400, $"the fake does not implement the query {query.ToJsonString()}");
            }
        }

        if (threshold is { } minimum)
        {
            scored = [.. scored.Where(hit => higherIsBetter ? hit.Score >= minimum : hit.Score <= minimum)];
        }

        var ordered = higherIsBetter ? scored.OrderByDescending(hit => hit.Score) : scored.OrderBy(hit => hit.Score);
        return [.. ordered.ThenBy(hit => FakePoint.SortKey(hit.Point.Id)).Skip(offset).Take(limit)];
    }

    public static float[] Normalize(float[] vector)
    {
        var norm = Math.Sqrt(vector.Sum(x => (double)x * x));
        return norm == 0 ? vector : [.. vector.Select(x => (float)(x / norm))];
    }

    private static double DenseScore(string distance, float[] query, float[] stored) => distance switch
    {
        "Cosine" or "Dot" => query.Zip(stored, (a, b) => (double)a * b).Sum(),
        "Euclid" => Math.Sqrt(query.Zip(stored, (a, b) => ((double)a - b) * ((double)a - b)).Sum()),
        "Manhattan" => query.Zip(stored, (a, b) => Math.Abs((double)a - b)).Sum(),
        _ => throw new FakeQdrantError(400, $"unknown distance {distance}"),
    };

    private static List<(FakePoint, double)> SparseScores(
        FakeQdrantCollection collection, string name, string modifier, JsonObject query, IEnumerable<FakePoint> candidates)
    {
        var indices = query["indices"]!.AsArray().Select(x => x!.GetValue<uint>()).ToArray();
        var values = query["values"]!.AsArray().Select(x => x!.GetValue<float>()).ToArray();
        var withVector = collection.Points.Values.Where(point => point.Sparse.ContainsKey(name)).ToList();
        var weights = new Dictionary<uint, double>();
        for (var i = 0; i < indices.Length; i++)
        {
            var idf = 1.0;
            if (modifier == "idf")
            {
                var containing = withVector.Count(point => point.Sparse[name].Indices.Contains(indices[i]));
                idf = Math.Log(((withVector.Count - containing + 0.5) / (containing + 0.5)) + 1);
            }

            weights[indices[i]] = values[i] * idf;
        }

        var results = new List<(FakePoint, double)>();
        foreach (var point in candidates.Where(point => point.Sparse.ContainsKey(name)))
        {
            var (pointIndices, pointValues) = point.Sparse[name];
            var score = 0.0;
            var overlaps = false;
            for (var i = 0; i < pointIndices.Length; i++)
            {
                if (weights.TryGetValue(pointIndices[i], out var weight))
                {
                    overlaps = true;
                    score += weight * pointValues[i];
                }
            }

            if (overlaps)
            {
                results.Add((point, score));
            }
        }

        return results;
    }

    private static List<(FakePoint Point, double Score)> Fuse(List<List<(FakePoint Point, double Score)>> rankings, int k)
    {
        var fused = new Dictionary<string, (FakePoint Point, double Score)>();
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                var point = ranking[rank].Point;
                var key = FakePoint.Key(point.Id);
                var previous = fused.TryGetValue(key, out var existing) ? existing.Score : 0.0;
                fused[key] = (point, previous + (1.0 / (k + rank + 1)));
            }
        }

        return [.. fused.Values];
    }
}
