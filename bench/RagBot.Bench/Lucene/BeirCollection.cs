using System.Text.Json;

namespace RagBot.Bench.Lucene;

/// <summary>A test collection in the BEIR layout: corpus.jsonl, queries.jsonl and qrels/test.tsv.</summary>
internal sealed record BeirCollection(
    IReadOnlyList<BeirDocument> Documents,
    IReadOnlyList<BeirQuery> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Judgments)
{
    public static BeirCollection Load(string directory)
    {
        var documents = ReadJsonLines(Path.Combine(directory, "corpus.jsonl"))
            .Select(e => new BeirDocument(Text(e, "_id"), Text(e, "title"), Text(e, "text")))
            .ToList();
        var judgments = ReadJudgments(Path.Combine(directory, "qrels", "test.tsv"));
        // As pytrec_eval does: only queries with judgments are scored.
        var queries = ReadJsonLines(Path.Combine(directory, "queries.jsonl"))
            .Select(e => new BeirQuery(Text(e, "_id"), Text(e, "text")))
            .Where(q => judgments.ContainsKey(q.Id))
            .ToList();
        return new BeirCollection(documents, queries, judgments);
    }

    private static IEnumerable<JsonElement> ReadJsonLines(string path) =>
        File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonDocument.Parse(line).RootElement);

    private static string Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static Dictionary<string, IReadOnlyDictionary<string, int>> ReadJudgments(string path)
    {
        var byQuery = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split('\t');
            if (fields.Length < 3 || !int.TryParse(fields[2], out var gain)) continue;
            if (!byQuery.TryGetValue(fields[0], out var judged)) byQuery[fields[0]] = judged = new(StringComparer.Ordinal);
            judged[fields[1]] = gain;
        }

        return byQuery.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal);
    }
}

internal sealed record BeirDocument(string Id, string Title, string Text);

internal sealed record BeirQuery(string Id, string Text);
